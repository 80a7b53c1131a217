package io.iotp.appcontroller.validation;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits of an uploaded app package (SPEC §3).
 *
 * @param maxUploadSize largest multipart upload accepted; a little above
 * {@code maxUnpackedSize} so that bigger archives reach the validator and get its precise
 * answer, yet bounded
 * @param maxEntries most entries an archive may have
 * @param maxUnpackedSize most bytes an archive may unpack to, counted while inflating,
 * never taken from the sizes the archive declares
 * @param maxCompressionRatio highest unpacked-to-packed ratio, of the whole archive and
 * of each entry
 * @param ratioCheckMinSize entries (and archives) smaller than this unpacked are not
 * judged by their ratio: small text files legitimately compress very well
 * @param maxDescriptorSize largest {@code appConfig.json} or {@code config.json}
 * @param maxListedProblems most problems listed in one rejection; the rest are summed up
 * in one line
 */
@ConfigurationProperties("iotp.app-controller.validation")
public record ValidationProperties(@DefaultValue("110MB") DataSize maxUploadSize, @DefaultValue("10000") int maxEntries,
		@DefaultValue("100MB") DataSize maxUnpackedSize, @DefaultValue("100") int maxCompressionRatio,
		@DefaultValue("1MB") DataSize ratioCheckMinSize, @DefaultValue("1MB") DataSize maxDescriptorSize,
		@DefaultValue("100") int maxListedProblems) {

	/** The limits of SPEC §3. */
	public static ValidationProperties defaults() {
		return new ValidationProperties(DataSize.ofMegabytes(110), 10_000, DataSize.ofMegabytes(100), 100,
				DataSize.ofMegabytes(1), DataSize.ofMegabytes(1), 100);
	}

}
