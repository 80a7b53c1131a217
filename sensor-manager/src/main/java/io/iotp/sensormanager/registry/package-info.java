/**
 * The sensor registry: sensor types and sensors, their API keys and who owns them.
 */
@NullMarked
package io.iotp.sensormanager.registry;

import org.jspecify.annotations.NullMarked;
