package io.iotp.gateway.auth;

import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The directory holding users and groups; the embedded one by default, any LDAP or AD by
 * configuration.
 *
 * @param url the directory, {@code ldap://host:port}
 * @param base the base DN
 * @param peopleOu the organizational unit of users, under the base
 * @param groupsOu the organizational unit of the role groups, under the base
 * @param managerDn the account the gateway binds as to search, register and change users
 * @param managerPasswordFile a file holding the manager's password (preferred)
 * @param managerPassword the manager's password itself, when there is no file (tests)
 * @param userFilter finds a user by login name; {@code {0}} is the escaped name
 * @param userIdAttribute the naming attribute of new user entries and of the user filter
 * @param groupMemberAttribute the group attribute listing member DNs
 * @param connectTimeout how long to wait for a connection to the directory
 * @param responseTimeout how long to wait for an answer of the directory
 * @param poolSize manager connections kept open
 */
@ConfigurationProperties("iotp.ldap")
public record LdapProperties(@DefaultValue("ldap://127.0.0.1:3389") String url,
		@DefaultValue("dc=iotp,dc=local") String base, @DefaultValue("people") String peopleOu,
		@DefaultValue("groups") String groupsOu, @DefaultValue("cn=iotp-manager,dc=iotp,dc=local") String managerDn,
		@Nullable Path managerPasswordFile, @Nullable String managerPassword,
		@DefaultValue("(uid={0})") String userFilter, @DefaultValue("uid") String userIdAttribute,
		@DefaultValue("member") String groupMemberAttribute, @DefaultValue("5s") Duration connectTimeout,
		@DefaultValue("10s") Duration responseTimeout, @DefaultValue("4") int poolSize) {
}
