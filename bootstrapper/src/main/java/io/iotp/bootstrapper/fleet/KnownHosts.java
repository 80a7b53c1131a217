package io.iotp.bootstrapper.fleet;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.UserInfo;

/**
 * The known_hosts file every SSH session of one CLI run checks host keys against. One
 * instance is shared by the sessions to all nodes, which are opened at once: each session
 * reading and rewriting the file on its own would lose the keys the others added. With
 * new host keys accepted, a host the file does not hold is added to it rather than
 * refused; a key that changed is never accepted.
 */
public final class KnownHosts implements HostKeyRepository {

	private final Path file;

	private final boolean acceptNew;

	private final HostKeyRepository known;

	/**
	 * @throws IOException when the file cannot be made or read
	 */
	public KnownHosts(Path file, boolean acceptNew) throws IOException {
		this.file = file;
		this.acceptNew = acceptNew;
		Path parent = file.toAbsolutePath().getParent();
		if (parent != null) {
			Files.createDirectories(parent);
		}
		if (!Files.exists(file)) {
			try {
				Files.createFile(file);
			}
			catch (FileAlreadyExistsException madeMeanwhile) {
				// another run made it first: read that one
			}
		}
		JSch jsch = new JSch();
		try {
			jsch.setKnownHosts(file.toString());
		}
		catch (JSchException ex) {
			throw new IOException(ex.getMessage(), ex);
		}
		this.known = jsch.getHostKeyRepository();
	}

	public Path file() {
		return this.file;
	}

	@Override
	public synchronized int check(String host, byte[] key) {
		int result = this.known.check(host, key);
		if (result != NOT_INCLUDED || !this.acceptNew) {
			return result;
		}
		try {
			HostKey hostKey = new HostKey(host, key);
			// JSch's known hosts write their whole list back to the file on add
			this.known.add(hostKey, null);
			if (!Files.readString(this.file).contains(hostKey.getKey())) {
				Files.writeString(this.file, host + " " + hostKey.getType() + " " + hostKey.getKey() + "\n",
						StandardOpenOption.APPEND);
			}
			return OK;
		}
		catch (JSchException | IOException ex) {
			return NOT_INCLUDED;
		}
	}

	@Override
	public synchronized void add(HostKey hostkey, UserInfo ui) {
		this.known.add(hostkey, ui);
	}

	@Override
	public synchronized void remove(String host, String type) {
		this.known.remove(host, type);
	}

	@Override
	public synchronized void remove(String host, String type, byte[] key) {
		this.known.remove(host, type, key);
	}

	@Override
	public String getKnownHostsRepositoryID() {
		return this.known.getKnownHostsRepositoryID();
	}

	@Override
	public synchronized HostKey[] getHostKey() {
		return this.known.getHostKey();
	}

	@Override
	public synchronized HostKey[] getHostKey(String host, String type) {
		return this.known.getHostKey(host, type);
	}

}
