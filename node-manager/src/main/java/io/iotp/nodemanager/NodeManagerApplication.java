package io.iotp.nodemanager;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
@org.springframework.scheduling.annotation.EnableScheduling
public class NodeManagerApplication {

	public static void main(String[] args) {
		SpringApplication.run(NodeManagerApplication.class, args);
	}

}
