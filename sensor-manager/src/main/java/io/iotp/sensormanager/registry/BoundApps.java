package io.iotp.sensormanager.registry;

import java.util.List;

/** Which running apps read sensors of a type (the binding side answers). */
public interface BoundApps {

	/** The apps whose active bindings hold a sensor of {@code type}, by name, sorted. */
	List<String> boundTo(String type);

}
