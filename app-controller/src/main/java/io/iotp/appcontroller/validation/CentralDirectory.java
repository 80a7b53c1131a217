package io.iotp.appcontroller.validation;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a zip's central directory itself, because {@code java.util.zip} hides what the
 * validator must see: the entry count before anything is allocated for the entries, and
 * the external attributes that mark an entry as a Unix symlink.
 */
final class CentralDirectory {

	private static final int EOCD_SIGNATURE = 0x06054b50;

	private static final int ZIP64_LOCATOR_SIGNATURE = 0x07064b50;

	private static final int ZIP64_EOCD_SIGNATURE = 0x06064b50;

	private static final int HEADER_SIGNATURE = 0x02014b50;

	private static final int EOCD_SIZE = 22;

	private static final int MAX_COMMENT = 0xFFFF;

	private static final int UNIX_HOST = 3;

	private static final int FILE_TYPE_MASK = 0170000;

	private static final int SYMLINK_TYPE = 0120000;

	private CentralDirectory() {
	}

	/**
	 * The entry count the archive declares, from its end record alone.
	 * @throws NotAZipException if there is no readable end record
	 */
	static long declaredEntryCount(Path zip) throws IOException {
		try (FileChannel channel = FileChannel.open(zip, StandardOpenOption.READ)) {
			return end(channel).entries();
		}
	}

	/**
	 * Every entry of the central directory, in order.
	 * @throws NotAZipException if the directory is not where and what the end record says
	 */
	static List<Entry> read(Path zip) throws IOException {
		try (FileChannel channel = FileChannel.open(zip, StandardOpenOption.READ)) {
			End end = end(channel);
			if (end.offset() < 0 || end.size() < 0 || end.offset() + end.size() > channel.size()
					|| end.size() > Integer.MAX_VALUE) {
				throw new NotAZipException("the central directory lies outside the file");
			}
			ByteBuffer directory = readFully(channel, end.offset(), (int) end.size());
			List<Entry> entries = new ArrayList<>();
			for (long i = 0; i < end.entries(); i++) {
				entries.add(entry(directory));
			}
			return entries;
		}
	}

	private static Entry entry(ByteBuffer directory) throws NotAZipException {
		if (directory.remaining() < 46 || directory.getInt() != HEADER_SIGNATURE) {
			throw new NotAZipException("the central directory is truncated or damaged");
		}
		int madeBy = Short.toUnsignedInt(directory.getShort());
		directory.getShort(); // version needed
		int flags = Short.toUnsignedInt(directory.getShort());
		int method = Short.toUnsignedInt(directory.getShort());
		directory.getInt(); // time and date
		directory.getInt(); // crc
		long compressed = Integer.toUnsignedLong(directory.getInt());
		long size = Integer.toUnsignedLong(directory.getInt());
		int nameLength = Short.toUnsignedInt(directory.getShort());
		int extraLength = Short.toUnsignedInt(directory.getShort());
		int commentLength = Short.toUnsignedInt(directory.getShort());
		directory.getShort(); // disk
		directory.getShort(); // internal attributes
		long external = Integer.toUnsignedLong(directory.getInt());
		directory.getInt(); // local header offset
		if (directory.remaining() < nameLength + extraLength + commentLength) {
			throw new NotAZipException("the central directory is truncated or damaged");
		}
		byte[] name = new byte[nameLength];
		directory.get(name);
		byte[] extra = new byte[extraLength];
		directory.get(extra);
		directory.position(directory.position() + commentLength);
		if (compressed == 0xFFFFFFFFL) {
			compressed = zip64CompressedSize(extra, size == 0xFFFFFFFFL);
		}
		boolean unix = (madeBy >> 8) == UNIX_HOST;
		int mode = (int) (external >>> 16);
		return new Entry(new String(name, StandardCharsets.UTF_8), method, compressed, (flags & 1) != 0,
				unix && (mode & FILE_TYPE_MASK) == SYMLINK_TYPE);
	}

	/**
	 * The compressed size from the ZIP64 extra field; it follows the uncompressed size
	 * when that is there too.
	 */
	private static long zip64CompressedSize(byte[] extra, boolean sizeFirst) {
		ByteBuffer fields = ByteBuffer.wrap(extra).order(ByteOrder.LITTLE_ENDIAN);
		while (fields.remaining() >= 4) {
			int id = Short.toUnsignedInt(fields.getShort());
			int length = Short.toUnsignedInt(fields.getShort());
			if (length > fields.remaining()) {
				break;
			}
			if (id == 0x0001) {
				int skip = sizeFirst ? 8 : 0;
				return (length >= skip + 8) ? fields.getLong(fields.position() + skip) : -1;
			}
			fields.position(fields.position() + length);
		}
		return -1;
	}

	private static End end(FileChannel channel) throws IOException {
		long fileSize = channel.size();
		if (fileSize < EOCD_SIZE) {
			throw new NotAZipException("it is too short to be a zip archive");
		}
		int tailSize = (int) Math.min(fileSize, EOCD_SIZE + MAX_COMMENT);
		long tailStart = fileSize - tailSize;
		ByteBuffer tail = readFully(channel, tailStart, tailSize);
		for (int at = tailSize - EOCD_SIZE; at >= 0; at--) {
			// the comment must fit in the file; junk after it is tolerated, as
			// java.util.zip does
			if (tail.getInt(at) == EOCD_SIGNATURE
					&& at + EOCD_SIZE + Short.toUnsignedInt(tail.getShort(at + 20)) <= tailSize) {
				long entries = Short.toUnsignedInt(tail.getShort(at + 10));
				long size = Integer.toUnsignedLong(tail.getInt(at + 12));
				long offset = Integer.toUnsignedLong(tail.getInt(at + 16));
				if (entries == 0xFFFF || size == 0xFFFFFFFFL || offset == 0xFFFFFFFFL) {
					return zip64End(channel, tailStart + at);
				}
				return new End(entries, size, offset);
			}
		}
		throw new NotAZipException("it has no zip end-of-central-directory record");
	}

	private static End zip64End(FileChannel channel, long eocdPosition) throws IOException {
		if (eocdPosition < 20) {
			throw new NotAZipException("its ZIP64 end record is missing");
		}
		ByteBuffer locator = readFully(channel, eocdPosition - 20, 20);
		if (locator.getInt(0) != ZIP64_LOCATOR_SIGNATURE) {
			throw new NotAZipException("its ZIP64 end record is missing");
		}
		long position = locator.getLong(8);
		if (position < 0 || position + 56 > channel.size()) {
			throw new NotAZipException("its ZIP64 end record lies outside the file");
		}
		ByteBuffer end = readFully(channel, position, 56);
		if (end.getInt(0) != ZIP64_EOCD_SIGNATURE) {
			throw new NotAZipException("its ZIP64 end record is damaged");
		}
		return new End(end.getLong(32), end.getLong(40), end.getLong(48));
	}

	private static ByteBuffer readFully(FileChannel channel, long position, int length) throws IOException {
		ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
		while (buffer.hasRemaining()) {
			if (channel.read(buffer, position + buffer.position()) < 0) {
				throw new NotAZipException("it ends early");
			}
		}
		return buffer.flip();
	}

	/**
	 * One central directory entry, as far as validation cares.
	 *
	 * @param name the path inside the archive, as written
	 * @param method compression method (0 stored, 8 deflated)
	 * @param compressedSize bytes of packed data; -1 if a ZIP64 entry hides it
	 * @param encrypted whether the entry is encrypted
	 * @param symlink whether a Unix host marked it as a symbolic link
	 */
	record Entry(String name, int method, long compressedSize, boolean encrypted, boolean symlink) {

		boolean directory() {
			return this.name.endsWith("/");
		}

	}

	private record End(long entries, long size, long offset) {

	}

	/**
	 * The file is not a readable zip; the message says why, to be read after "the upload
	 * is not a zip: ".
	 */
	static final class NotAZipException extends IOException {

		NotAZipException(String message) {
			super(message);
		}

	}

}
