package io.iotp.bootstrapper.infra;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.EnumSet;
import java.util.concurrent.CountDownLatch;

import com.unboundid.ldap.listener.Base64PasswordEncoderOutputFormatter;
import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.listener.SaltedMessageDigestInMemoryPasswordEncoder;
import com.unboundid.ldap.sdk.OperationType;

/**
 * The embedded LDAP directory: users and the {@code ADMIN} and {@code DEVELOPER} groups.
 * Passwords are stored salted and hashed; every change is written to an LDIF file, which
 * is read back on the next start. On the very first start it seeds the tree and one admin
 * with a generated password.
 * <p>
 * Arguments:
 * {@code <host> <port> <directory folder> <admin credentials file> <kafka bootstrap> <version>}.
 */
public final class LdapServerMain {

	private LdapServerMain() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length != 6) {
			System.err.println(
					"usage: LdapServerMain <host> <port> <directory folder> <admin credentials file> <kafka bootstrap> <version>");
			System.exit(2);
		}
		Path folder = Path.of(args[2]);
		Files.createDirectories(folder);
		InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(LdapDirectory.BASE_DN);
		config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap", InetAddress.getByName(args[0]),
				Integer.parseInt(args[1]), null));
		config.setPasswordEncoders(new SaltedMessageDigestInMemoryPasswordEncoder("{SSHA256}",
				Base64PasswordEncoderOutputFormatter.getInstance(), MessageDigest.getInstance("SHA-256"), 16, true,
				true));
		// Reads and writes need a bind: the platform binds as its manager, people as
		// themselves.
		config.addAdditionalBindCredentials(LdapDirectory.MANAGER_DN, LdapDirectory.managerSecret(folder));
		config.setAuthenticationRequiredOperationTypes(EnumSet.of(OperationType.ADD, OperationType.DELETE,
				OperationType.MODIFY, OperationType.MODIFY_DN, OperationType.SEARCH, OperationType.COMPARE));
		LdapDirectory directory = new LdapDirectory(folder.resolve("directory.ldif"), Path.of(args[3]));
		config.addInMemoryOperationInterceptor(directory.changeListener());
		InMemoryDirectoryServer server = new InMemoryDirectoryServer(config);
		try {
			directory.load(server);
		}
		catch (Exception ex) {
			System.err.println("iotp: the directory " + directory.ldifFile() + " cannot be read (" + ex.getMessage()
					+ "). It may be damaged: restore it or move it aside (a new admin is then generated).");
			System.exit(3);
		}
		server.startListening();
		System.out.println("ldap: listening on " + args[0] + ":" + args[1] + ", base " + LdapDirectory.BASE_DN);
		InfraHeartbeat heartbeat = new InfraHeartbeat("ldap", Path.of(args[4]), args[5]);
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			heartbeat.close();
			server.shutDown(true);
			directory.close(server);
			System.out.println("ldap: stopped, directory saved");
			stopped.countDown();
		}, "ldap-shutdown"));
		stopped.await();
	}

}
