package io.iotp.bootstrapper.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedAddResult;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedDeleteResult;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedExtendedResult;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedModifyDNResult;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedModifyResult;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldif.LDIFException;

/**
 * The platform's directory tree and its persistence. Changes are saved asynchronously
 * right after each write (coalesced when they come in bursts), atomically, so a crash
 * loses at most the write in flight and never leaves a half-written file.
 */
public final class LdapDirectory {

	public static final String BASE_DN = "dc=iotp,dc=local";

	static final String PEOPLE_DN = "ou=people," + BASE_DN;

	static final String GROUPS_DN = "ou=groups," + BASE_DN;

	static final String ADMIN_USER = "admin";

	/**
	 * The platform's own account: the gateway binds as it to register users and read
	 * groups.
	 */
	public static final String MANAGER_DN = "cn=iotp-manager," + BASE_DN;

	public static final String MANAGER_SECRET_FILE = "manager-secret";

	private static final String PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

	private final Path ldifFile;

	private final Path adminCredentialsFile;

	private final ExecutorService saver = Executors
		.newSingleThreadExecutor(Thread.ofPlatform().name("ldap-save").daemon(true).factory());

	private final AtomicBoolean dirty = new AtomicBoolean();

	private volatile InMemoryDirectoryServer server;

	LdapDirectory(Path ldifFile, Path adminCredentialsFile) {
		this.ldifFile = ldifFile;
		this.adminCredentialsFile = adminCredentialsFile;
	}

	Path ldifFile() {
		return this.ldifFile;
	}

	void load(InMemoryDirectoryServer directory) throws LDAPException, LDIFException {
		this.server = directory;
		if (Files.isRegularFile(this.ldifFile)) {
			directory.importFromLDIF(true, this.ldifFile.toFile());
			return;
		}
		String password = generatePassword();
		directory.add("dn: " + BASE_DN, "objectClass: top", "objectClass: domain", "dc: iotp");
		directory.add("dn: " + PEOPLE_DN, "objectClass: top", "objectClass: organizationalUnit", "ou: people");
		directory.add("dn: " + GROUPS_DN, "objectClass: top", "objectClass: organizationalUnit", "ou: groups");
		String adminDn = "uid=" + ADMIN_USER + "," + PEOPLE_DN;
		directory.add("dn: " + adminDn, "objectClass: top", "objectClass: person", "objectClass: organizationalPerson",
				"objectClass: inetOrgPerson", "uid: " + ADMIN_USER, "cn: Platform admin", "sn: admin",
				"mail: admin@iotp.local", "userPassword: " + password);
		// groupOfNames must have a member: the admin is in both groups (an admin may also
		// develop apps).
		directory.add("dn: cn=ADMIN," + GROUPS_DN, "objectClass: top", "objectClass: groupOfNames", "cn: ADMIN",
				"member: " + adminDn);
		directory.add("dn: cn=DEVELOPER," + GROUPS_DN, "objectClass: top", "objectClass: groupOfNames", "cn: DEVELOPER",
				"member: " + adminDn);
		writeAdminCredentials(password);
		save();
	}

	InMemoryOperationInterceptor changeListener() {
		return new InMemoryOperationInterceptor() {

			@Override
			public void processAddResult(InMemoryInterceptedAddResult result) {
				changed();
			}

			@Override
			public void processDeleteResult(InMemoryInterceptedDeleteResult result) {
				changed();
			}

			@Override
			public void processModifyResult(InMemoryInterceptedModifyResult result) {
				changed();
			}

			@Override
			public void processModifyDNResult(InMemoryInterceptedModifyDNResult result) {
				changed();
			}

			@Override
			public void processExtendedResult(InMemoryInterceptedExtendedResult result) {
				changed();
			}

		};
	}

	void close(InMemoryDirectoryServer directory) {
		this.saver.shutdown();
		try {
			this.saver.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.server = directory;
		save();
	}

	private void changed() {
		if (this.server != null && this.dirty.compareAndSet(false, true)) {
			this.saver.execute(() -> {
				this.dirty.set(false);
				save();
			});
		}
	}

	private synchronized void save() {
		try {
			Path temp = this.ldifFile.resolveSibling(this.ldifFile.getFileName() + ".tmp");
			this.server.exportToLDIF(temp.toString(), false, true);
			Files.move(temp, this.ldifFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (LDAPException | IOException ex) {
			System.err.println("ldap: could not save the directory: " + ex.getMessage());
		}
	}

	private void writeAdminCredentials(String password) {
		try {
			Files.createDirectories(this.adminCredentialsFile.getParent());
			Path temp = this.adminCredentialsFile.resolveSibling(this.adminCredentialsFile.getFileName() + ".tmp");
			Files.deleteIfExists(temp);
			Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
			Files.writeString(temp, ADMIN_USER + ":" + password + "\n", StandardCharsets.UTF_8);
			Files.move(temp, this.adminCredentialsFile, StandardCopyOption.ATOMIC_MOVE,
					StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot write " + this.adminCredentialsFile, ex);
		}
	}

	/**
	 * The manager's password, generated into {@code <folder>/manager-secret} (mode 600)
	 * on first use.
	 */
	public static String managerSecret(Path folder) {
		Path file = folder.resolve(MANAGER_SECRET_FILE);
		try {
			if (!Files.exists(file)) {
				Path temp = folder.resolve(MANAGER_SECRET_FILE + ".tmp");
				Files.deleteIfExists(temp);
				Files.createFile(temp,
						PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
				Files.writeString(temp, generatePassword() + generatePassword(), StandardCharsets.UTF_8);
				Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
			}
			return Files.readString(file, StandardCharsets.UTF_8).trim();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read or create " + file, ex);
		}
	}

	private static String generatePassword() {
		SecureRandom random = new SecureRandom();
		StringBuilder password = new StringBuilder();
		for (int i = 0; i < 20; i++) {
			password.append(PASSWORD_ALPHABET.charAt(random.nextInt(PASSWORD_ALPHABET.length())));
		}
		return password.toString();
	}

}
