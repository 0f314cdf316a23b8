<?php
// A CalDAV server on Debian's sabre/dav 1.8 (the engine family Nextcloud builds on), laid out like
// Nextcloud: calendars at /remote.php/dav/calendars/USER/, principals at
// /remote.php/dav/principals/users/USER/, Basic authentication. It has no sync-collection, so it
// exercises the client's CTag/ETag fallback. Run: php -S 127.0.0.1:PORT server.php
// Environment: SABRE_DB (sqlite file), SABRE_USER, SABRE_PASSWORD.

require_once 'Sabre/autoload.php';

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
$server->exec();
