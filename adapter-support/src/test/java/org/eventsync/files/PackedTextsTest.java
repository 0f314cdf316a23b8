package org.eventsync.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PackedTextsTest {

  private static final String FIRST = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VTIMEZONE\r\n"
      + "TZID:Europe/Berlin\r\nEND:VTIMEZONE\r\nBEGIN:VEVENT\r\nUID:a-1\r\nSUMMARY:Jazz\r\n"
      + "END:VEVENT\r\nEND:VCALENDAR\r\n";

  private final PackedTexts packer = new PackedTexts(FIRST);

  @Test
  void aTextReadsBackExactlyWithEveryKindOfCharacter() {
    String text = FIRST.replace("Jazz", "Caf\u00e9 \u2028 \uD83C\uDFB7 \u0000 \r \n \u0085 x".repeat(500));

    assertThat(packer.unpack(packer.pack(text))).isEqualTo(text);
    assertThat(packer.unpack(packer.pack(""))).isEmpty();
  }

  @Test
  void aTextLikeTheDictionaryTakesAFewCharacters() {
    String similar = FIRST.replace("a-1", "a-2").replace("Jazz", "Blues");

    assertThat(packer.pack(similar).length()).isLessThan(similar.length() / 4);
  }

  @Test
  void theSameTextPacksTheSameWay() {
    assertThat(packer.pack(FIRST)).isEqualTo(new PackedTexts(FIRST).pack(FIRST));
  }

  @Test
  void aDamagedOrForeignTextIsRefused() {
    String packed = packer.pack(FIRST);

    assertThatThrownBy(() -> packer.unpack(packed.substring(0, packed.length() / 2)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> packer.unpack("not base64 ***"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PackedTexts("another dictionary").unpack(packed))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
