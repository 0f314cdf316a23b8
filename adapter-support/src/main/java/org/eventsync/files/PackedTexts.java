package org.eventsync.files;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Texts of one kind (calendar objects, Directus items) kept deflated against a dictionary, as
 * Base64 so that they sit in a JSON cache as they sit in memory. Such texts repeat each other
 * almost whole (the same VTIMEZONE, the same property and field names): with one of them as the
 * dictionary, a 660-byte calendar object takes about 70 characters, which is what lets a cache of
 * 100,000 objects live in a small heap. The dictionary must be kept with the texts; a cache takes
 * the first text it stores.
 */
public final class PackedTexts {

  /** Deflate looks back 32 KB at most; a text's start is what the others repeat. */
  private static final int DICTIONARY_CHARS = 16_384;

  private final byte[] dictionary;

  /** The dictionary a cache keeps, made of the first text it stores. */
  public static String dictionaryOf(String firstText) {
    return firstText.length() > DICTIONARY_CHARS ? firstText.substring(0, DICTIONARY_CHARS) : firstText;
  }

  public PackedTexts(String dictionary) {
    this.dictionary = Objects.requireNonNull(dictionary, "dictionary").getBytes(StandardCharsets.UTF_8);
  }

  public String pack(String text) {
    Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    try {
      deflater.setDictionary(dictionary);
      deflater.setInput(text.getBytes(StandardCharsets.UTF_8));
      deflater.finish();
      ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() / 4 + 16);
      byte[] buffer = new byte[4096];
      while (!deflater.finished()) {
        out.write(buffer, 0, deflater.deflate(buffer));
      }
      return Base64.getEncoder().withoutPadding().encodeToString(out.toByteArray());
    } finally {
      deflater.end();
    }
  }

  /**
   * The text {@code packed} holds.
   *
   * @throws IllegalArgumentException when it was not packed with this dictionary or is damaged
   */
  public String unpack(String packed) {
    Inflater inflater = new Inflater(true);
    try {
      inflater.setDictionary(dictionary);
      byte[] deflated = Base64.getDecoder().decode(packed);
      // Raw deflate wants one byte past the end (Inflater's "nowrap" note).
      inflater.setInput(Arrays.copyOf(deflated, deflated.length + 1));
      ByteArrayOutputStream out = new ByteArrayOutputStream(packed.length() * 8);
      byte[] buffer = new byte[4096];
      while (!inflater.finished()) {
        int n = inflater.inflate(buffer);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          throw new IllegalArgumentException("the packed text is cut short");
        }
        out.write(buffer, 0, n);
      }
      return out.toString(StandardCharsets.UTF_8);
    } catch (DataFormatException e) {
      throw new IllegalArgumentException("the packed text is damaged (" + e.getMessage() + ")", e);
    } finally {
      inflater.end();
    }
  }
}
