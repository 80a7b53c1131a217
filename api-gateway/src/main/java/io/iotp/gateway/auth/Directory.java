package io.iotp.gateway.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPURL;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.SingleServerSet;

import io.iotp.contracts.errors.ErrorCodes;
import io.iotp.contracts.errors.PlatformException;

/**
 * Users and their role groups in the directory. Blocking: callers run it on a
 * bounded-elastic thread. Every value that goes into a filter or a DN is escaped by the
 * SDK's filter and DN builders, so a name can never change the shape of a search or of an
 * entry's place in the tree.
 */
@Component
public class Directory implements DisposableBean {

	/** The roles the platform knows; other groups a user may be in are not roles. */
	public static final Set<String> ROLES = Set.of("ADMIN", "DEVELOPER");

	private static final Logger log = LoggerFactory.getLogger(Directory.class);

	private final LdapProperties properties;

	private final LDAPURL url;

	private final LDAPConnectionOptions options = new LDAPConnectionOptions();

	private @Nullable LDAPConnectionPool pool;

	Directory(LdapProperties properties) throws LDAPException {
		this.properties = properties;
		this.url = new LDAPURL(properties.url());
		this.options.setConnectTimeoutMillis((int) properties.connectTimeout().toMillis());
		this.options.setResponseTimeoutMillis(properties.responseTimeout().toMillis());
	}

	/** A user as listed to admins. */
	public record User(String username, @Nullable String email, List<String> roles) {
	}

	/** Adds a user with the DEVELOPER role; the directory hashes the password. */
	public void register(String username, String password, String email) {
		DN dn = userDn(username);
		Entry entry = new Entry(dn);
		entry.addAttribute("objectClass", "top", "person", "organizationalPerson", "inetOrgPerson");
		entry.addAttribute(this.properties.userIdAttribute(), username);
		entry.addAttribute("cn", username);
		entry.addAttribute("sn", username);
		entry.addAttribute("mail", email);
		entry.addAttribute("userPassword", password);
		manager(pool -> {
			if (findDn(username).isPresent()) {
				throw new PlatformException(ErrorCodes.RESOURCE_CONFLICT, "the username '" + username + "' is taken");
			}
			try {
				pool.add(entry);
			}
			catch (LDAPException ex) {
				if (ex.getResultCode() == ResultCode.ENTRY_ALREADY_EXISTS) {
					throw new PlatformException(ErrorCodes.RESOURCE_CONFLICT,
							"the username '" + username + "' is taken");
				}
				throw ex;
			}
			try {
				pool.modify(groupDn("DEVELOPER").toString(),
						new Modification(ModificationType.ADD, this.properties.groupMemberAttribute(), dn.toString()));
			}
			catch (LDAPException ex) {
				pool.delete(dn.toString());
				throw ex;
			}
			return null;
		});
		log.info("[user {}] registered as {}", username, dn);
	}

	/** The DN of the user with this login name, searched as the manager. */
	public Optional<String> findDn(String username) {
		String filter = this.properties.userFilter().replace("{0}", Filter.encodeValue(username));
		return manager(pool -> {
			SearchRequest search = new SearchRequest(peopleDn().toString(), SearchScope.SUB, Filter.create(filter),
					"1.1");
			search.setSizeLimit(2);
			List<SearchResultEntry> found = pool.search(search).getSearchEntries();
			return (found.size() == 1) ? Optional.of(found.get(0).getDN()) : Optional.<String>empty();
		});
	}

	/**
	 * Whether the password is the user's, by a bind as the user on a connection of its
	 * own.
	 */
	public boolean authenticate(String dn, String password) {
		if (password.isEmpty()) {
			// an empty password would be an anonymous bind, which always succeeds
			return false;
		}
		try (LDAPConnection connection = new LDAPConnection(socketFactory(), this.options, this.url.getHost(),
				this.url.getPort())) {
			connection.bind(new SimpleBindRequest(dn, password));
			return true;
		}
		catch (LDAPException ex) {
			if (ex.getResultCode() == ResultCode.INVALID_CREDENTIALS) {
				return false;
			}
			throw unavailable(ex);
		}
	}

	/** The platform roles of the user: the role groups having the DN as a member. */
	public List<String> roles(String dn) {
		return manager(pool -> {
			SearchRequest search = new SearchRequest(groupsDn().toString(), SearchScope.SUB,
					Filter.createEqualityFilter(this.properties.groupMemberAttribute(), dn), "cn");
			Set<String> roles = new TreeSet<>();
			for (SearchResultEntry group : pool.search(search).getSearchEntries()) {
				String cn = group.getAttributeValue("cn");
				if (cn != null && ROLES.contains(cn)) {
					roles.add(cn);
				}
			}
			return List.copyOf(roles);
		});
	}

	public List<User> users() {
		return manager(pool -> {
			Map<String, Set<String>> rolesByMember = rolesByMember(pool);
			SearchRequest search = new SearchRequest(peopleDn().toString(), SearchScope.SUB,
					Filter.createPresenceFilter(this.properties.userIdAttribute()), this.properties.userIdAttribute(),
					"mail");
			List<User> users = new ArrayList<>();
			for (SearchResultEntry entry : pool.search(search).getSearchEntries()) {
				Set<String> roles = rolesByMember.getOrDefault(entry.getParsedDN().toNormalizedString(), Set.of());
				users.add(new User(entry.getAttributeValue(this.properties.userIdAttribute()),
						entry.getAttributeValue("mail"), List.copyOf(new TreeSet<>(roles))));
			}
			users.sort((a, b) -> a.username().compareTo(b.username()));
			return users;
		});
	}

	/** Removes the user and its group memberships; refuses to remove the last admin. */
	public void delete(String username) {
		String dn = findDn(username).orElseThrow(() -> notFound(username));
		setRoles(username, dn, Set.of());
		manager(pool -> pool.delete(dn));
		log.info("[user {}] deleted", username);
	}

	/** Makes the user a member of exactly these role groups. */
	public void setRoles(String username, Set<String> roles) {
		String dn = findDn(username).orElseThrow(() -> notFound(username));
		setRoles(username, dn, roles);
		log.info("[user {}] roles set to {}", username, new TreeSet<>(roles));
	}

	private void setRoles(String username, String dn, Set<String> roles) {
		manager(pool -> {
			String normalized = new DN(dn).toNormalizedString();
			for (String role : new TreeSet<>(ROLES)) {
				Entry group = pool.getEntry(groupDn(role).toString(), this.properties.groupMemberAttribute());
				if (group == null) {
					continue;
				}
				List<String> members = members(group);
				boolean member = members.contains(normalized);
				if (roles.contains(role) && !member) {
					pool.modify(group.getDN(),
							new Modification(ModificationType.ADD, this.properties.groupMemberAttribute(), dn));
				}
				else if (!roles.contains(role) && member) {
					if (members.size() == 1) {
						throw new PlatformException(ErrorCodes.RESOURCE_CONFLICT,
								"'" + username + "' is the last member of " + role + (role.equals("ADMIN")
										? "; the platform needs an admin" : "; a group cannot be empty"));
					}
					pool.modify(group.getDN(),
							new Modification(ModificationType.DELETE, this.properties.groupMemberAttribute(), dn));
				}
			}
			return null;
		});
	}

	private List<String> members(Entry group) throws LDAPException {
		List<String> members = new ArrayList<>();
		Attribute attribute = group.getAttribute(this.properties.groupMemberAttribute());
		if (attribute != null) {
			for (String value : attribute.getValues()) {
				members.add(new DN(value).toNormalizedString());
			}
		}
		return members;
	}

	private Map<String, Set<String>> rolesByMember(LDAPConnectionPool pool) throws LDAPException {
		Map<String, Set<String>> roles = new HashMap<>();
		for (String role : ROLES) {
			Entry group = pool.getEntry(groupDn(role).toString(), this.properties.groupMemberAttribute());
			if (group != null) {
				for (String member : members(group)) {
					roles.computeIfAbsent(member, m -> new TreeSet<>()).add(role);
				}
			}
		}
		return roles;
	}

	private DN userDn(String username) {
		return new DN(new RDN(this.properties.userIdAttribute(), username), peopleDn());
	}

	private DN groupDn(String role) {
		return new DN(new RDN("cn", role), groupsDn());
	}

	private DN peopleDn() {
		return new DN(new RDN("ou", this.properties.peopleOu()), base());
	}

	private DN groupsDn() {
		return new DN(new RDN("ou", this.properties.groupsOu()), base());
	}

	private DN base() {
		try {
			return new DN(this.properties.base());
		}
		catch (LDAPException ex) {
			throw new IllegalStateException("iotp.ldap.base is not a DN: " + this.properties.base(), ex);
		}
	}

	private static PlatformException notFound(String username) {
		return new PlatformException(ErrorCodes.RESOURCE_NOT_FOUND, "no user '" + username + "'");
	}

	private <T> T manager(LdapWork<T> work) {
		try {
			return work.run(pool());
		}
		catch (LDAPException ex) {
			throw unavailable(ex);
		}
	}

	private static PlatformException unavailable(LDAPException ex) {
		log.warn("directory operation failed: {}", ex.getMessage());
		return new PlatformException(ErrorCodes.SERVICE_UNAVAILABLE,
				"the directory did not accept the operation: " + ex.getResultCode(), ex);
	}

	/**
	 * Opened on first use, so the gateway starts even while the directory is still
	 * starting.
	 */
	private synchronized LDAPConnectionPool pool() throws LDAPException {
		if (this.pool == null) {
			LDAPConnectionPool created = new LDAPConnectionPool(
					new SingleServerSet(this.url.getHost(), this.url.getPort(), socketFactory(), this.options),
					new SimpleBindRequest(this.properties.managerDn(), managerPassword()), 1,
					this.properties.poolSize());
			created.setRetryFailedOperationsDueToInvalidConnections(true);
			this.pool = created;
		}
		return this.pool;
	}

	private SocketFactory socketFactory() {
		return "ldaps".equalsIgnoreCase(this.url.getScheme()) ? SSLSocketFactory.getDefault()
				: SocketFactory.getDefault();
	}

	private String managerPassword() {
		if (this.properties.managerPasswordFile() != null) {
			try {
				return Files.readString(this.properties.managerPasswordFile(), StandardCharsets.UTF_8).trim();
			}
			catch (IOException ex) {
				throw new UncheckedIOException("cannot read iotp.ldap.manager-password-file", ex);
			}
		}
		if (this.properties.managerPassword() != null) {
			return this.properties.managerPassword();
		}
		throw new IllegalStateException("set iotp.ldap.manager-password-file (or iotp.ldap.manager-password)");
	}

	@Override
	public synchronized void destroy() {
		if (this.pool != null) {
			this.pool.close();
		}
	}

	@FunctionalInterface
	private interface LdapWork<T> {

		T run(LDAPConnectionPool pool) throws LDAPException;

	}

}
