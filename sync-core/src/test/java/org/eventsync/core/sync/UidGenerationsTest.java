package org.eventsync.core.sync;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UidGenerationsTest {

  @Test
  void theGenerationGoesBeforeTheDomainAndCountsUp() {
    assertThat(UidGenerations.next("events-7@cms.directus")).isEqualTo("events-7.gen2@cms.directus");
    assertThat(UidGenerations.next("events-7.gen2@cms.directus")).isEqualTo("events-7.gen3@cms.directus");
    assertThat(UidGenerations.next("5F2A-11")).isEqualTo("5F2A-11.gen2");
    assertThat(UidGenerations.next("5F2A-11.gen9")).isEqualTo("5F2A-11.gen10");
    assertThat(UidGenerations.next("a@b@c")).isEqualTo("a@b.gen2@c");
  }

  @Test
  void allGenerationsShareTheFirstOnesLineage() {
    String first = "events-7@cms.directus";
    String third = UidGenerations.next(UidGenerations.next(first));
    assertThat(UidGenerations.lineage(third)).isEqualTo(first);
    assertThat(UidGenerations.lineage(first)).isEqualTo(first);
    assertThat(UidGenerations.lineage("x.gen3")).isEqualTo("x");
    assertThat(UidGenerations.lineage("x.general@y")).isEqualTo("x.general@y");
  }
}
