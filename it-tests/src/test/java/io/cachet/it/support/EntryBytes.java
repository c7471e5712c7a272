package io.cachet.it.support;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Forges entries the way someone with write access to Redis can: a real entry's envelope (as
 * the agent wrote it) around a payload of the test's choosing, in Kryo 5's wire format.
 *
 * <p>It knows today's envelope (the agent's {@code Entry}, format 2: 35 header bytes, the
 * entry key's hash at 23 and a CRC32C of every other byte at 31, a count n, n versions of 8
 * bytes, then the payload) and nothing else: it keeps the real entry's header (so its key's
 * hash) and writes the checksum of the forgery, as someone who read the agent's source would.
 * When the envelope changes, this class must produce entries the new format accepts, or the
 * tests that use it would pass without reaching the decoder. Each of them therefore also checks
 * a benign forgery made the same way is served.
 */
public final class EntryBytes {

    private static final int HEADER = 35;
    private static final int CHECKSUM = 31;

    private EntryBytes() {
    }

    /** {@code entry}'s envelope around {@code payload}. */
    public static byte[] withPayload(byte[] entry, byte[]... payload) {
        int start = HEADER + 1 + 8 * (entry[HEADER] & 0xff);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(entry, 0, start);
        for (byte[] part : payload) {
            out.writeBytes(part);
        }
        return sealed(out.toByteArray());
    }

    /** The entry with its checksum written: CRC32C of every byte but the checksum's own 4. */
    private static byte[] sealed(byte[] entry) {
        CRC32C crc = new CRC32C();
        crc.update(entry, 0, CHECKSUM);
        crc.update(entry, CHECKSUM + 4, entry.length - CHECKSUM - 4);
        int c = (int) crc.getValue();
        for (int i = 0; i < 4; i++) {
            entry[CHECKSUM + i] = (byte) (c >>> (24 - 8 * i));
        }
        return entry;
    }

    /** Kryo's class-by-name marker ({@code NAME + 2}), the name's id 0, then the name. */
    public static byte[] className(String name) {
        return concat(new byte[] {1, 0}, ascii(name));
    }

    /** Kryo's id of {@code String} (1, written + 2) and the "not null" reference marker. */
    public static byte[] stringClassNotNull() {
        return new byte[] {3, 1};
    }

    /** A String as Kryo writes one that is not ASCII: its length (+1) with the flag bit, then UTF-8. */
    public static byte[] utf8String(String s) {
        return concat(varIntFlag(s.length() + 1), s.getBytes(StandardCharsets.UTF_8));
    }

    /** The length Kryo reads first for a non-ASCII String: {@code chars + 1}, flagged. */
    public static byte[] stringLengthClaim(int chars) {
        return varIntFlag(chars + 1);
    }

    /** Kryo's ASCII String: the characters, the last one with its high bit set. */
    public static byte[] ascii(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        b[b.length - 1] |= (byte) 0x80;
        return b;
    }

    /** Kryo's positive varint (7 bits a byte, low first). */
    public static byte[] varInt(int value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int v = value;
        while ((v & ~0x7F) != 0) {
            out.write((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.write(v);
        return out.toByteArray();
    }

    /** Kryo 5's {@code writeVarIntFlag(true, value, true)}: 6 bits and the flag in the first byte. */
    static byte[] varIntFlag(int value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rest = value >>> 6;
        out.write((value & 0x3F) | 0x80 | (rest != 0 ? 0x40 : 0));
        out.writeBytes(rest == 0 ? new byte[0] : varInt(rest));
        return out.toByteArray();
    }

    public static byte[] concat(byte[]... parts) {
        byte[] out = new byte[0];
        for (byte[] p : parts) {
            int at = out.length;
            out = Arrays.copyOf(out, at + p.length);
            System.arraycopy(p, 0, out, at, p.length);
        }
        return out;
    }
}
