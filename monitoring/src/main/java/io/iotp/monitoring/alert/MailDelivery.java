package io.iotp.monitoring.alert;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import io.iotp.contracts.alert.AdminAlert;

/**
 * Mails each alert event through an SMTP relay, with nothing but a socket (RFC 5321:
 * EHLO, optional AUTH PLAIN, MAIL FROM, RCPT TO, DATA with dot-stuffing, QUIT), on a
 * virtual thread; one attempt, a failure is logged. Off while
 * {@code iotp.monitoring.alerts.smtp.host} is unset.
 */
@Component
class MailDelivery implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(MailDelivery.class);

	private final AlertProperties.Smtp smtp;

	private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();

	MailDelivery(AlertProperties properties) {
		this.smtp = properties.smtp();
	}

	void deliver(AdminAlert alert) {
		if (this.smtp.host() == null || this.smtp.to().isEmpty()
				|| alert.severity().compareTo(this.smtp.minSeverity()) < 0) {
			return;
		}
		this.senders.execute(() -> {
			try {
				send(alert);
			}
			catch (IOException | RuntimeException ex) {
				log.warn("[alert {}] not mailed through {}:{}: {}", alert.alertId(), this.smtp.host(), this.smtp.port(),
						ex.getMessage());
			}
		});
	}

	private void send(AdminAlert alert) throws IOException {
		int timeout = (int) this.smtp.timeout().toMillis();
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(this.smtp.host(), this.smtp.port()), timeout);
			socket.setSoTimeout(timeout);
			BufferedReader in = new BufferedReader(
					new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
			OutputStream out = socket.getOutputStream();
			expect(in, 220);
			command(out, "EHLO iotp-monitoring");
			expect(in, 250);
			if (this.smtp.username() != null) {
				String token = Base64.getEncoder()
					.encodeToString(("\0" + this.smtp.username() + "\0" + this.smtp.password())
						.getBytes(StandardCharsets.UTF_8));
				command(out, "AUTH PLAIN " + token);
				expect(in, 235);
			}
			command(out, "MAIL FROM:<" + this.smtp.from() + ">");
			expect(in, 250);
			for (String recipient : this.smtp.to()) {
				command(out, "RCPT TO:<" + recipient + ">");
				expect(in, 250);
			}
			command(out, "DATA");
			expect(in, 354);
			out.write(message(alert).getBytes(StandardCharsets.UTF_8));
			command(out, ".");
			expect(in, 250);
			command(out, "QUIT");
		}
		log.info("[alert {}] mailed to {}", alert.alertId(), this.smtp.to());
	}

	private String message(AdminAlert alert) {
		String subject = "[iotp] " + (alert.resolved() ? "RESOLVED " : "") + alert.severity() + " " + alert.kind()
				+ ": " + alert.subject();
		StringBuilder text = new StringBuilder();
		text.append("From: <").append(this.smtp.from()).append(">\r\n");
		text.append("To: ")
			.append(String.join(", ", this.smtp.to().stream().map(t -> "<" + t + ">").toList()))
			.append("\r\n");
		text.append("Subject: ").append(subject.replaceAll("[\r\n]", " ")).append("\r\n");
		text.append("Date: ")
			.append(DateTimeFormatter.RFC_1123_DATE_TIME.format(alert.time().atOffset(ZoneOffset.UTC)))
			.append("\r\n");
		text.append("Content-Type: text/plain; charset=UTF-8\r\n\r\n");
		String body = alert.message() + "\n\nalert " + alert.alertId() + ", " + alert.time() + "\n";
		for (String line : body.split("\n", -1)) {
			// dot-stuffing: a line of the body never ends the DATA section
			text.append(line.startsWith(".") ? "." + line : line).append("\r\n");
		}
		return text.toString();
	}

	private static void command(OutputStream out, String line) throws IOException {
		out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
		out.flush();
	}

	/** Reads a reply (all lines of a multi-line one) and checks its code. */
	private static void expect(BufferedReader in, int code) throws IOException {
		String line;
		do {
			line = in.readLine();
			if (line == null) {
				throw new IOException("the relay closed the connection, expected " + code);
			}
		}
		while (line.length() > 3 && line.charAt(3) == '-');
		if (!line.startsWith(String.valueOf(code))) {
			throw new IOException("expected " + code + ", the relay said: " + line);
		}
	}

	@Override
	public void destroy() throws InterruptedException {
		this.senders.shutdown();
		this.senders.awaitTermination(2, TimeUnit.SECONDS);
	}

}
