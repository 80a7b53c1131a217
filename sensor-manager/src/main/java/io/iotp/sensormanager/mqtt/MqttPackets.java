package io.iotp.sensormanager.mqtt;

import java.util.List;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubAckPayload;

/**
 * The packets the server sends to a device, for MQTT 3.1.1 or 5 as the device connected
 * with (Netty's encoder writes them).
 */
final class MqttPackets {

	private MqttPackets() {
	}

	static MqttMessage unacceptableProtocolVersion() {
		return MqttMessageBuilders.connAck()
			.returnCode(MqttConnectReturnCode.CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION)
			.build();
	}

	/**
	 * CONNACK for an authenticated device; MQTT 5 clients also learn what this server
	 * does not support.
	 */
	static MqttMessage connectionAccepted(boolean mqtt5, int maxInflight) {
		MqttMessageBuilders.ConnAckBuilder connAck = MqttMessageBuilders.connAck()
			.returnCode(MqttConnectReturnCode.CONNECTION_ACCEPTED)
			.sessionPresent(false);
		if (mqtt5) {
			connAck.properties(serverLimits(maxInflight));
		}
		return connAck.build();
	}

	private static MqttProperties serverLimits(int maxInflight) {
		MqttProperties properties = new MqttProperties();
		properties.add(new MqttProperties.IntegerProperty(MqttProperties.MqttPropertyType.MAXIMUM_QOS.value(), 1));
		properties.add(new MqttProperties.IntegerProperty(MqttProperties.MqttPropertyType.RETAIN_AVAILABLE.value(), 0));
		properties.add(new MqttProperties.IntegerProperty(
				MqttProperties.MqttPropertyType.WILDCARD_SUBSCRIPTION_AVAILABLE.value(), 0));
		properties.add(new MqttProperties.IntegerProperty(
				MqttProperties.MqttPropertyType.SHARED_SUBSCRIPTION_AVAILABLE.value(), 0));
		properties.add(new MqttProperties.IntegerProperty(MqttProperties.MqttPropertyType.RECEIVE_MAXIMUM.value(),
				Math.min(65535, maxInflight)));
		return properties;
	}

	/**
	 * CONNACK refusing the device.
	 * @param unavailable the registry could not be asked (rather than: the credentials
	 * are wrong)
	 */
	static MqttMessage connectionRefused(boolean mqtt5, boolean unavailable) {
		MqttConnectReturnCode code;
		if (unavailable) {
			code = mqtt5 ? MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE_5
					: MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE;
		}
		else {
			code = mqtt5 ? MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USERNAME_OR_PASSWORD
					: MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD;
		}
		return MqttMessageBuilders.connAck().returnCode(code).sessionPresent(false).build();
	}

	/** PUBACK; MQTT 3.1.1 has no reason code, so there every PUBACK is a plain one. */
	static MqttMessage pubAck(int packetId, byte reasonCode, boolean mqtt5) {
		MqttMessageBuilders.PubAckBuilder ack = MqttMessageBuilders.pubAck().packetId(packetId);
		if (mqtt5 && reasonCode != ReasonCodes.SUCCESS) {
			ack.reasonCode(reasonCode);
		}
		return ack.build();
	}

	static MqttSubAckMessage subAck(int messageId, List<Integer> codes) {
		return new MqttSubAckMessage(new MqttFixedHeader(MqttMessageType.SUBACK, false, MqttQoS.AT_MOST_ONCE, false, 0),
				new MqttMessageIdAndPropertiesVariableHeader(messageId, MqttProperties.NO_PROPERTIES),
				new MqttSubAckPayload(codes));
	}

	/** A command, sent with QoS 1 so that the device's PUBACK says it arrived. */
	static MqttMessage command(String topic, int packetId, byte[] payload) {
		return MqttMessageBuilders.publish()
			.topicName(topic)
			.qos(MqttQoS.AT_LEAST_ONCE)
			.messageId(packetId)
			.retained(false)
			.payload(Unpooled.wrappedBuffer(payload))
			.build();
	}

	/** DISCONNECT from the server, which only MQTT 5 has. */
	static MqttMessage disconnect(byte reasonCode) {
		return MqttMessageBuilders.disconnect().reasonCode(reasonCode).build();
	}

}
