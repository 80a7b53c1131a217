package io.iotp.sensormanager;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class SensorManagerApplication {

	public static void main(String[] args) {
		SpringApplication.run(SensorManagerApplication.class, args);
	}

}
