package io.iotp.logger.store;

/**
 * Where a line came from: a platform service ({@code platform-logs}) or an app instance
 * ({@code app-logs}).
 */
public enum LogKind {

	PLATFORM, APP

}
