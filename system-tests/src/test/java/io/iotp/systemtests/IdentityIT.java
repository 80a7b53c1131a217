package io.iotp.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.unboundid.ldap.sdk.LDAPConnection;

import io.iotp.bootstrapper.infra.LdapDirectory;
import io.iotp.bootstrapper.platform.Platform;
import io.iotp.contracts.samples.SampleApps;

/**
 * Identity on the running platform, through its gateway and the embedded directory: who
 * may do what, and what happens to tokens that should not work.
 */
@ExtendWith(SharedPlatform.class)
class IdentityIT {

	private static final String PASSWORD = "correct-horse-battery";

	private Platform platform;

	private PlatformApi anonymous;

	@BeforeEach
	void connect(Platform platform) {
		this.platform = platform;
		this.anonymous = new PlatformApi(platform);
	}

	@Test
	void aDeveloperRegistersLogsInAndCallsTheApi() {
		String name = newUser();

		PlatformApi developer = this.anonymous.loggedInAs(name, PASSWORD);

		HttpResponse<String> apps = developer.get("/api/apps");
		assertThat(apps.statusCode()).isEqualTo(200);
		assertThat(this.anonymous.get("/api/apps").statusCode()).isEqualTo(401);
		HttpResponse<String> me = developer.get("/api/auth/me");
		assertThat(me.body()).contains(name).contains("DEVELOPER").doesNotContain("ADMIN");
	}

	@Test
	void aWrongPasswordAndAnUnknownUserGetTheSameAnswer() {
		String name = newUser();

		HttpResponse<String> wrongPassword = login(name, "not-the-password-at-all");
		HttpResponse<String> unknownUser = login("nobody-" + name, PASSWORD);

		assertThat(wrongPassword.statusCode()).isEqualTo(401);
		assertThat(unknownUser.statusCode()).isEqualTo(401);
		assertThat(PlatformApi.json(wrongPassword).get("detail"))
			.isEqualTo(PlatformApi.json(unknownUser).get("detail"));
		assertThat(wrongPassword.headers().firstValue("Content-Type"))
			.hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
	}

	@Test
	void usernamesWithDirectoryFilterCharactersAreRejected() {
		for (String name : List.of("a*", "adm(in", "x)y", "back\\slash", "nul\u0000byte", "*)(uid=*")) {
			HttpResponse<String> register = this.anonymous.postJson("/api/auth/register", registration(name));
			assertThat(register.statusCode()).as(name).isEqualTo(400);
			HttpResponse<String> login = login(name, PASSWORD);
			assertThat(login.statusCode()).as(name).isIn(400, 401);
		}
	}

	@Test
	void tamperedUnsignedAndRevokedTokensAreRefused() {
		PlatformApi developer = this.anonymous.loggedInAs(newUser(), PASSWORD);
		String[] parts = developer.token().split("\\.");

		String tampered = parts[0] + "." + parts[1] + "." + flip(parts[2]);
		String unsigned = base64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".";
		String otherClaims = parts[0] + "."
				+ base64(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
					.replace("\"DEVELOPER\"", "\"ADMIN\""))
				+ "." + parts[2];

		assertThat(this.anonymous.withToken(tampered).get("/api/apps").statusCode()).isEqualTo(401);
		assertThat(this.anonymous.withToken(unsigned).get("/api/apps").statusCode()).isEqualTo(401);
		assertThat(this.anonymous.withToken(otherClaims).get("/api/users").statusCode()).isEqualTo(401);

		assertThat(developer.postJson("/api/auth/logout", "{}").statusCode()).isIn(200, 204);
		assertThat(developer.get("/api/apps").statusCode()).isEqualTo(401);
	}

	@Test
	void developersCannotTouchEachOthersAppsNorAdminEndpoints() {
		PlatformApi alice = this.anonymous.loggedInAs(newUser(), PASSWORD);
		PlatformApi bob = this.anonymous.loggedInAs(newUser(), PASSWORD);
		String app = "owned-" + UUID.randomUUID().toString().substring(0, 6);
		byte[] zip = AppZips.renamed(SampleApps.zip(SampleApps.JAVA_HELLO), app);
		assertThat(alice.upload(zip, app + ".zip").statusCode()).isEqualTo(201);

		assertThat(bob.get("/api/apps/" + app).statusCode()).isIn(403, 404);
		assertThat(bob.get("/api/apps").body()).doesNotContain(app);
		assertThat(bob.postJson("/api/apps/" + app + "/deployments", "{\"schedule\":{\"type\":\"now\"}}").statusCode())
			.isIn(403, 404);
		assertThat(bob.delete("/api/apps/" + app).statusCode()).isIn(403, 404);
		assertThat(bob.upload(zip, app + ".zip").statusCode()).isEqualTo(409);
		assertThat(alice.get("/api/apps/" + app).statusCode()).isEqualTo(200);

		assertThat(bob.get("/api/nodes").statusCode()).isEqualTo(403);
		assertThat(bob.get("/api/users").statusCode()).isEqualTo(403);
		PlatformApi admin = this.anonymous.asAdmin(this.platform);
		assertThat(admin.get("/api/nodes").statusCode()).isEqualTo(200);
		assertThat(admin.get("/api/users").statusCode()).isEqualTo(200);
		assertThat(admin.get("/api/apps/" + app).statusCode()).isEqualTo(200);
		assertThat(alice.delete("/api/apps/" + app).statusCode()).isEqualTo(204);
	}

	@Test
	void repeatedWrongPasswordsLockTheAccountOut() {
		String name = newUser();
		int status = 0;
		for (int attempt = 0; attempt < 10 && status != 429; attempt++) {
			status = login(name, "wrong-password-" + attempt).statusCode();
			assertThat(status).isIn(401, 429);
		}
		assertThat(status).isEqualTo(429);

		HttpResponse<String> locked = login(name, PASSWORD);
		assertThat(locked.statusCode()).isEqualTo(429);
		assertThat(locked.headers().firstValue("Retry-After")).isPresent();
	}

	@Test
	void aUserAddedToTheDirectoryByOtherToolsCanLogIn() throws Exception {
		String name = "ldap-" + UUID.randomUUID().toString().substring(0, 8);
		String managerSecret = Files
			.readString(this.platform.layout().ldapDir().resolve(LdapDirectory.MANAGER_SECRET_FILE))
			.trim();
		try (LDAPConnection ldap = new LDAPConnection("127.0.0.1", this.platform.layout().ports().ldap(),
				LdapDirectory.MANAGER_DN, managerSecret)) {
			String dn = "uid=" + name + ",ou=people," + LdapDirectory.BASE_DN;
			ldap.add("dn: " + dn, "objectClass: inetOrgPerson", "uid: " + name, "cn: " + name, "sn: " + name,
					"userPassword: " + PASSWORD);
			ldap.modify("dn: cn=DEVELOPER,ou=groups," + LdapDirectory.BASE_DN, "changetype: modify", "add: member",
					"member: " + dn);
		}

		PlatformApi user = this.anonymous.loggedInAs(name, PASSWORD);

		assertThat(user.get("/api/apps").statusCode()).isEqualTo(200);
	}

	private String newUser() {
		String name = "dev-" + UUID.randomUUID().toString().substring(0, 8);
		HttpResponse<String> register = this.anonymous.postJson("/api/auth/register", registration(name));
		assertThat(register.statusCode()).as(register.body()).isEqualTo(201);
		return name;
	}

	private static String registration(String name) {
		return "{\"username\": \"" + name.replace("\\", "\\\\").replace("\u0000", "\\u0000") + "\", \"password\": \""
				+ PASSWORD + "\", \"email\": \"dev@example.org\"}";
	}

	private HttpResponse<String> login(String name, String password) {
		return this.anonymous.postJson("/api/auth/login", "{\"username\": \""
				+ name.replace("\\", "\\\\").replace("\u0000", "\\u0000") + "\", \"password\": \"" + password + "\"}");
	}

	private static String base64(String json) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
	}

	private static String flip(String signature) {
		char last = signature.charAt(signature.length() / 2);
		return signature.substring(0, signature.length() / 2) + (last == 'A' ? 'B' : 'A')
				+ signature.substring(signature.length() / 2 + 1);
	}

}
