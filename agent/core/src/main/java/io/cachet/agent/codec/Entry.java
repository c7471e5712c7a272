package io.cachet.agent.codec;

import io.cachet.agent.key.Versions;
import java.util.zip.CRC32C;

/**
 * A stored entry as bytes, read through its envelope; the only class that knows the envelope's
 * layout (big-endian), format version 2:
 * <pre>
 *   0  magic 0xCA            1  format version
 *   2  flags: 1 = null value, 2 = LZ4-compressed payload
 *   3  fingerprint of the return type's structure (8 bytes)
 *  11  load time, epoch milliseconds (8 bytes)
 *  19  compute time, microseconds (4 bytes)
 *  23  hash of the entry's own Redis key (8 bytes)
 *  31  CRC32C of every byte of the entry but these 4
 *  35  n, then n versions (8 bytes each): of the cache, the key and each tag, as they were
 *      when the load started
 *   .  [if compressed: uncompressed payload length (4 bytes)] payload: Kryo class and object
 * </pre>
 * The checksum makes a flipped bit or a foreign payload a miss rather than another value; the
 * key's hash makes a reply read for another key (a reply stream out of step, a mix-up) a miss,
 * and shows the connection that carried it is out of step. An {@code Entry} exists only for
 * bytes whose envelope is well-formed and whose checksum matches; whether its payload decodes
 * is {@link MethodCodec}'s business.
 */
public final class Entry {

    static final byte MAGIC = (byte) 0xCA;
    static final byte FORMAT_VERSION = 2;
    static final int FLAG_NULL = 1;
    static final int FLAG_LZ4 = 2;
    private static final int FLAGS = 2;
    private static final int FINGERPRINT = 3;
    private static final int LOAD_TIME = 11;
    private static final int COMPUTE_TIME = 19;
    private static final int KEY_HASH = 23;
    private static final int CHECKSUM = 31;
    private static final int VERSION_COUNT = 35;
    /** Bytes before the versions. */
    static final int HEADER = VERSION_COUNT;

    /** Why bytes are no {@code Entry}, for the one log line a cache gets about it. */
    public static final String NOT_AN_ENTRY = "the bytes are not a whole entry of this format for this key (corrupt: their"
            + " checksum does not match; read for another key; or written by something else)";

    private final byte[] bytes;

    private Entry(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * @param entryKey the Redis key the bytes were read from
     * @return the entry these bytes hold, or {@code null} when they are not a whole envelope of
     *     ours written for {@code entryKey}
     */
    public static Entry parse(byte[] bytes, String entryKey) {
        Entry e = parseKept(bytes);
        return e == null || readLong(bytes, KEY_HASH) != keyHash(entryKey) ? null : e;
    }

    /**
     * The entry these bytes hold, its key not checked: for bytes this JVM already read through
     * {@link #parse} for the key it keeps them under (the near tier), or wrote itself.
     */
    public static Entry parseKept(byte[] bytes) {
        if (bytes == null || bytes.length <= HEADER || bytes[0] != MAGIC || bytes[1] != FORMAT_VERSION
                || bytes.length < payloadStart(bytes[VERSION_COUNT] & 0xff) || readInt(bytes, CHECKSUM) != checksum(bytes)) {
            return null;
        }
        return new Entry(bytes);
    }

    /**
     * Whether these bytes are a whole entry of ours written for another key than
     * {@code entryKey}: what a reply read for another command looks like.
     */
    public static boolean ofAnotherKey(byte[] bytes, String entryKey) {
        return parseKept(bytes) != null && readLong(bytes, KEY_HASH) != keyHash(entryKey);
    }

    /** The bytes as stored. */
    public byte[] bytes() {
        return bytes;
    }

    /** When the entry was loaded, epoch milliseconds. */
    public long loadTimeMillis() {
        return readLong(bytes, LOAD_TIME);
    }

    /** How long its load took, microseconds. */
    public long computeMicros() {
        return readInt(bytes, COMPUTE_TIME) & 0xffffffffL;
    }

    /** Whether it was recorded under exactly these versions: if not, an eviction came after its load started. */
    public boolean recordedUnder(Versions versions) {
        if (versionCount() != versions.size()) {
            return false;
        }
        for (int i = 0; i < versions.size(); i++) {
            if (readLong(bytes, HEADER + 1 + 8 * i) != versions.get(i)) {
                return false;
            }
        }
        return true;
    }

    long fingerprint() {
        return readLong(bytes, FINGERPRINT);
    }

    boolean holdsNull() {
        return (bytes[FLAGS] & FLAG_NULL) != 0;
    }

    boolean compressed() {
        return (bytes[FLAGS] & FLAG_LZ4) != 0;
    }

    public int versionCount() {
        return bytes[VERSION_COUNT] & 0xff;
    }

    /** Where the payload (or, compressed, its uncompressed length) starts. */
    int payloadStart() {
        return payloadStart(versionCount());
    }

    /** The uncompressed payload's length, for a compressed entry. */
    int uncompressedLength() {
        return readInt(bytes, payloadStart());
    }

    static int payloadStart(int versionCount) {
        return HEADER + 1 + 8 * versionCount;
    }

    /**
     * Writes the envelope's header into the start of {@code buffer}, before a payload already in
     * place; the entry is {@link #seal}ed once complete.
     */
    static void writeHeader(byte[] buffer, int flags, long fingerprint, long loadTimeMillis, long computeNanos,
                            String entryKey, Versions versions) {
        buffer[0] = MAGIC;
        buffer[1] = FORMAT_VERSION;
        buffer[FLAGS] = (byte) flags;
        writeLong(buffer, FINGERPRINT, fingerprint);
        writeLong(buffer, LOAD_TIME, loadTimeMillis);
        writeInt(buffer, COMPUTE_TIME, (int) Math.min(Integer.MAX_VALUE, computeNanos / 1000));
        writeLong(buffer, KEY_HASH, keyHash(entryKey));
        buffer[VERSION_COUNT] = (byte) versions.size();
        for (int i = 0; i < versions.size(); i++) {
            writeLong(buffer, HEADER + 1 + 8 * i, versions.get(i));
        }
    }

    /** Writes the checksum of a complete entry; {@code entry} is exactly the entry's bytes. */
    static byte[] seal(byte[] entry) {
        writeInt(entry, CHECKSUM, checksum(entry));
        return entry;
    }

    private static int checksum(byte[] entry) {
        CRC32C crc = new CRC32C();
        crc.update(entry, 0, CHECKSUM);
        crc.update(entry, CHECKSUM + 4, entry.length - CHECKSUM - 4);
        return (int) crc.getValue();
    }

    /** FNV-1a over the key's characters: the same in every JVM, and no allocation on a read. */
    static long keyHash(String entryKey) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < entryKey.length(); i++) {
            h = (h ^ entryKey.charAt(i)) * 0x100000001b3L;
        }
        return h;
    }

    /** Marks a header as followed by a compressed payload. */
    static void markCompressed(byte[] buffer) {
        buffer[FLAGS] |= FLAG_LZ4;
    }

    static long readLong(byte[] b, int at) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[at + i] & 0xff);
        }
        return v;
    }

    static int readInt(byte[] b, int at) {
        return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
    }

    private static void writeLong(byte[] b, int at, long v) {
        for (int i = 7; i >= 0; i--) {
            b[at + i] = (byte) v;
            v >>>= 8;
        }
    }

    static void writeInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
