<?php
// A CalDAV server on Debian's sabre/dav 1.8 (the engine family Nextcloud builds on), laid out like
// Nextcloud: calendars at /remote.php/dav/calendars/USER/, principals at
// /remote.php/dav/principals/users/USER/, Basic authentication. It has no sync-collection, so it
// exercises the client's CTag/ETag fallback. Run: php -S 127.0.0.1:PORT server.php (with
// PHP_CLI_SERVER_WORKERS=N for N requests at once)
// Environment: SABRE_DB (sqlite file), SABRE_USER, SABRE_PASSWORD.

require_once 'Sabre/autoload.php';

// With SABRE_NEXTCLOUD_TRAPS=1 this server also answers as Nextcloud does in the cases that trap
// sync tools (see NextcloudTraps below and docs/troubleshooting.md); tests switch the
// run-time traps on and off with POST /__traps {"quota_full":true,...}.
$traps_on = getenv('SABRE_NEXTCLOUD_TRAPS') === '1';

// Like Nextcloud (RFC 6764): the well-known address redirects to the DAV root.
if (strpos($_SERVER['REQUEST_URI'], '/.well-known/caldav') === 0) {
    header('Location: /remote.php/dav/', true, 301);
    return;
}

$db = getenv('SABRE_DB');
$user = getenv('SABRE_USER');
$password = getenv('SABRE_PASSWORD');

$fresh = !file_exists($db);
$pdo = new PDO('sqlite:' . $db);
$pdo->setAttribute(PDO::ATTR_ERRMODE, PDO::ERRMODE_EXCEPTION);
// Several PHP workers share the file (as Nextcloud's PHP-FPM serves requests in parallel): WAL
// lets readers go on beside a writer, and a writer waits for another instead of failing.
$pdo->exec('PRAGMA busy_timeout = 10000');
$pdo->exec('PRAGMA journal_mode = WAL');
if ($fresh) {
    $sql = '/usr/share/doc/php-sabre-dav/examples/sql/';
    foreach (['sqlite.calendars.sql', 'sqlite.locks.sql'] as $file) {
        $pdo->exec(file_get_contents($sql . $file));
    }
    $pdo->exec('CREATE TABLE principals (id INTEGER PRIMARY KEY ASC, uri TEXT, email TEXT,'
        . ' displayname TEXT, vcardurl TEXT, UNIQUE(uri))');
    $pdo->exec('CREATE TABLE groupmembers (id INTEGER PRIMARY KEY ASC, principal_id INTEGER,'
        . ' member_id INTEGER, UNIQUE(principal_id, member_id))');
    $insert = $pdo->prepare('INSERT INTO principals (uri, email, displayname) VALUES (?, ?, ?)');
    $insert->execute(["principals/users/$user", "$user@example.org", $user]);
    $insert->execute(["principals/users/$user/calendar-proxy-read", null, null]);
    $insert->execute(["principals/users/$user/calendar-proxy-write", null, null]);
}
// sabre/dav 1.8's example schema has no index on an object's name, so every request that names
// one scans the calendar (a publish of 100,000 slowed from 40 to 12 objects a second); Nextcloud's
// schema and later sabre/dav have this unique index.
$pdo->exec('CREATE UNIQUE INDEX IF NOT EXISTS calendarobjects_ndx ON calendarobjects (calendarid, uri)');

if ($traps_on) {
    $pdo->exec('CREATE TABLE IF NOT EXISTS traps (name TEXT PRIMARY KEY, value TEXT)');
    $pdo->exec('CREATE TABLE IF NOT EXISTS trashbin (calendar TEXT, uid TEXT, uri TEXT)');
    $method = $_SERVER['REQUEST_METHOD'];
    if ($_SERVER['REQUEST_URI'] === '/__traps') {
        // Switches run-time traps: {"quota_full":true,"mkcalendar_limited":true,"calendar_limit_reached":true,"maintenance":true,
        // "uid_unique_per_user":true}
        $pdo->exec('DELETE FROM traps');
        $set = $pdo->prepare('INSERT INTO traps (name, value) VALUES (?, ?)');
        foreach ((array) json_decode(file_get_contents('php://input'), true) as $name => $value) {
            $set->execute([$name, json_encode($value)]);
        }
        http_response_code(204);
        return;
    }
    $trap = function ($name) use ($pdo) {
        $q = $pdo->prepare('SELECT value FROM traps WHERE name = ?');
        $q->execute([$name]);
        $v = $q->fetchColumn();
        return $v === false ? false : json_decode($v, true);
    };
    $sabre_error = function ($status, $exception, $message, $headers = []) {
        http_response_code($status);
        foreach ($headers as $h) {
            header($h);
        }
        header('Content-Type: application/xml; charset=utf-8');
        echo '<?xml version="1.0" encoding="utf-8"?>' . "\n"
            . '<d:error xmlns:d="DAV:" xmlns:s="http://sabredav.org/ns">'
            . '<s:exception>' . $exception . '</s:exception><s:message>' . $message
            . '</s:message></d:error>';
    };
    // Maintenance mode: every request is answered 503 (Nextcloud's occ maintenance:mode --on).
    if ($trap('maintenance')) {
        $sabre_error(503, 'Sabre\\DAV\\Exception\\ServiceUnavailable',
            'System in maintenance mode.', ['Retry-After: 1']);
        return;
    }
    // Calendar creation is rate-limited (10 an hour by default): 429 with Retry-After.
    if ($method === 'MKCALENDAR' && $trap('mkcalendar_limited')) {
        $sabre_error(429, 'OCA\\DAV\\Connector\\Sabre\\Exception\\TooManyRequests',
            'Too many requests', ['Retry-After: 1']);
        return;
    }
    // A user with as many calendars as allowed (30 by default) is refused more with 403.
    if ($method === 'MKCALENDAR' && $trap('calendar_limit_reached')) {
        $sabre_error(403, 'Sabre\\DAV\\Exception\\Forbidden', 'Calendar limit reached');
        return;
    }
    // A full quota refuses new data with 507 Insufficient Storage.
    if ($method === 'PUT' && $trap('quota_full')) {
        $sabre_error(507, 'Sabre\\DAV\\Exception\\InsufficientStorage',
            'Insufficient space in ' . basename(dirname($_SERVER['REQUEST_URI'])));
        return;
    }
}

/**
 * What Nextcloud's CalDAV backend adds to sabre/dav and what sync tools trip over: one uid per
 * calendar (400, not RFC 4791's no-uid-conflict), and a trash bin that keeps deleted objects, so
 * that their uid cannot be created again (nextcloud/server#30096) and their file name cannot be
 * deleted a second time (#42582) in many versions.
 */
class NextcloudTraps extends \Sabre\DAV\ServerPlugin {
    private $server;
    private $pdo;

    private $trap;

    function __construct($pdo, $trap) {
        $this->pdo = $pdo;
        $this->trap = $trap;
    }

    function initialize(\Sabre\DAV\Server $server) {
        $this->server = $server;
        $server->subscribeEvent('beforeCreateFile', array($this, 'beforeCreateFile'));
        $server->subscribeEvent('beforeUnbind', array($this, 'beforeUnbind'));
    }

    private static function uid($ics) {
        return preg_match('/^UID:(.*?)\r?$/m', $ics, $m) ? trim($m[1]) : null;
    }

    private function trashed($calendar, $column, $value) {
        $q = $this->pdo->prepare("SELECT 1 FROM trashbin WHERE calendar = ? AND $column = ?");
        $q->execute([$calendar, $value]);
        return $q->fetchColumn() !== false;
    }

    function beforeCreateFile($uri, &$data, $parent) {
        if (!($parent instanceof \Sabre\CalDAV\ICalendar)) {
            return true;
        }
        $ics = is_resource($data) ? stream_get_contents($data) : $data;
        $data = $ics;
        $uid = self::uid($ics);
        $calendar = dirname($uri);
        if ($uid !== null && $this->trashed($calendar, 'uid', $uid)) {
            throw new \Sabre\DAV\Exception\BadRequest(
                'Deleted calendar object with uid already exists in this calendar collection.');
        }
        foreach ($parent->getChildren() as $child) {
            if (self::uid($child->get()) === $uid) {
                throw new \Sabre\DAV\Exception\BadRequest(
                    'Calendar object with uid already exists in this calendar collection.');
            }
        }
        if ($uid !== null && ($this->trap)('uid_unique_per_user')) {
            return $this->uniqueAcrossCalendars($uid, $calendar, $parent);
        }
        return true;
    }

    /**
     * As Cyrus, Apple's and other servers do: a uid is unique across all of a user's calendars,
     * and a PUT of a uid another calendar holds is refused with RFC 6638's precondition naming
     * the holder.
     */
    private function uniqueAcrossCalendars($uid, $calendar, $parent) {
        $home = dirname($calendar);
        foreach ($this->server->tree->getNodeForPath($home)->getChildren() as $other) {
            if (!($other instanceof \Sabre\CalDAV\ICalendar) || $other->getName() === $parent->getName()) {
                continue;
            }
            foreach ($other->getChildren() as $child) {
                if (self::uid($child->get()) === $uid) {
                    $href = '/remote.php/dav/' . $home . '/' . $other->getName() . '/' . $child->getName();
                    $this->server->httpResponse->sendStatus(403);
                    $this->server->httpResponse->setHeader('Content-Type', 'application/xml; charset=utf-8');
                    $this->server->httpResponse->sendBody('<?xml version="1.0" encoding="utf-8"?>'
                        . '<d:error xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">'
                        . '<c:unique-scheduling-object-resource><d:href>' . htmlspecialchars($href)
                        . '</d:href></c:unique-scheduling-object-resource></d:error>');
                    return false;
                }
            }
        }
        return true;
    }

    function beforeUnbind($uri) {
        $node = $this->server->tree->getNodeForPath($uri);
        if (!($node instanceof \Sabre\CalDAV\ICalendarObject)) {
            return true;
        }
        $calendar = dirname($uri);
        $name = basename($uri);
        if ($this->trashed($calendar, 'uri', $name)) {
            throw new \Sabre\DAV\Exception\Forbidden('A calendar object with URI '
                . preg_replace('/\.ics$/', '', $name) . '-deleted.ics already exists in calendar 1,'
                . " therefore this object can't be moved into the trashbin");
        }
        // Kept as deleted once the DELETE went through (a failed precondition keeps nothing).
        $uid = self::uid($node->get());
        $pdo = $this->pdo;
        register_shutdown_function(function () use ($pdo, $calendar, $uid, $name) {
            if (http_response_code() === 204) {
                $pdo->prepare('INSERT INTO trashbin (calendar, uid, uri) VALUES (?, ?, ?)')
                    ->execute([$calendar, $uid, $name]);
            }
        });
        return true;
    }
}

function exception_error_handler($errno, $errstr, $errfile, $errline) {
    // sabre/dav 1.8 predates PHP 8: its deprecation notices are not errors.
    if ($errno & (E_DEPRECATED | E_USER_DEPRECATED | E_NOTICE | E_WARNING)) {
        return true;
    }
    throw new ErrorException($errstr, 0, $errno, $errfile, $errline);
}
set_error_handler('exception_error_handler');

class FixedBasicAuth extends \Sabre\DAV\Auth\Backend\AbstractBasic {
    private $user;
    private $password;
    function __construct($user, $password) {
        $this->user = $user;
        $this->password = $password;
    }
    protected function validateUserPass($username, $password) {
        return $username === $this->user && hash_equals($this->password, $password);
    }
}

$principals = new \Sabre\DAVACL\PrincipalBackend\PDO($pdo);
$calendars = new \Sabre\CalDAV\Backend\PDO($pdo);
$tree = [
    new \Sabre\DAV\SimpleCollection('principals', [
        new \Sabre\CalDAV\Principal\Collection($principals, 'principals/users'),
    ]),
    new \Sabre\CalDAV\CalendarRootNode($principals, $calendars, 'principals/users'),
];
$server = new \Sabre\DAV\Server($tree);
$server->setBaseUri('/remote.php/dav/');
$server->addPlugin(new \Sabre\DAV\Auth\Plugin(new FixedBasicAuth($user, $password), 'sabre'));
$acl = new \Sabre\DAVACL\Plugin();
$acl->defaultUsernamePath = 'principals/users';
$server->addPlugin($acl);
$server->addPlugin(new \Sabre\CalDAV\Plugin());
if ($traps_on) {
    $server->addPlugin(new NextcloudTraps($pdo, $trap));
}
$server->exec();
