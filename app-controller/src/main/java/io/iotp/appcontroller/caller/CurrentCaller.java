package io.iotp.appcontroller.caller;

/**
 * Tells who is making the current request. Controllers ask it once and hand the {@link Caller} down, so
 * services never look at the request themselves.
 */
public interface CurrentCaller {

	Caller get();

}
