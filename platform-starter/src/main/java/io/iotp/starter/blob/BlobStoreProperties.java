package io.iotp.starter.blob;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The blob store.
 *
 * @param dir folder of the file-system store (the embedded platform passes
 * {@code <data dir>/blobs})
 */
@ConfigurationProperties("iotp.blob-store")
public record BlobStoreProperties(@DefaultValue("${user.home}/.iotp/blobs") Path dir) {

}
