package io.iotp.appcontroller.app;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The app registry.
 *
 * @param staleUploadAfter a version still {@code UPLOADED} this long after it was
 * accepted was left by a crash while its zip was being stored; uploading the same version
 * again replaces it
 */
@ConfigurationProperties("iotp.app-controller.apps")
public record AppProperties(@DefaultValue("10m") Duration staleUploadAfter) {

}
