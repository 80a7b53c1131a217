package io.iotp.appcontroller.caller;

import org.springframework.stereotype.Component;

/**
 * Every request is {@link Caller#ANONYMOUS} until the authentication issue replaces this bean with one
 * that reads the caller from the gateway's JWT.
 */
@Component
class AnonymousCaller implements CurrentCaller {

	@Override
	public Caller get() {
		return Caller.ANONYMOUS;
	}

}
