package io.iotp.sensormanager.binding;

import java.util.List;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import io.iotp.sensormanager.registry.BoundApps;

/** The apps of the active bindings that hold a sensor of a type. */
@Component
class BoundAppsOfBindings implements BoundApps {

	private final MongoTemplate mongo;

	BoundAppsOfBindings(MongoTemplate mongo) {
		this.mongo = mongo;
	}

	@Override
	public List<String> boundTo(String type) {
		Query query = Query.query(Criteria.where("state").is(BindingState.ACTIVE).and("groups.sensors.type").is(type));
		return this.mongo.findDistinct(query, "app", BindingDocument.class, String.class).stream().sorted().toList();
	}

}
