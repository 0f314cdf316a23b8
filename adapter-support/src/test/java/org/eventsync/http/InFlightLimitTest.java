package org.eventsync.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InFlightLimitTest {

  @Test
  void anOverloadedHostHalvesTheLimitAndCalmAnswersBringItBack() throws Exception {
    InFlightLimit limit = new InFlightLimit(8);
    limit.acquire();
    limit.release(true);
    assertThat(limit.limit()).isEqualTo(4);
    limit.acquire();
    limit.release(true);
    limit.acquire();
    limit.release(true);
    limit.acquire();
    limit.release(true);
    assertThat(limit.limit()).as("never below one").isEqualTo(1);

    for (int i = 0; i < 1 + 2 + 3 + 4; i++) {
      limit.acquire();
      limit.release(false);
    }
    assertThat(limit.limit()).isEqualTo(5);
  }

  @Test
  void aRequestBeyondTheLimitWaitsForOneToFinish() throws Exception {
    InFlightLimit limit = new InFlightLimit(1);
    limit.acquire();
    CountDownLatch sent = new CountDownLatch(1);
    Thread second = new Thread(() -> {
      try {
        limit.acquire();
        sent.countDown();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    second.start();

    assertThat(sent.await(200, TimeUnit.MILLISECONDS)).isFalse();
    limit.release(false);
    assertThat(sent.await(5, TimeUnit.SECONDS)).isTrue();
    second.join();
  }
}
