package io.iotp.gateway.auth;

import java.time.Duration;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

import io.iotp.starter.ratelimit.TokenBuckets;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * Every minute, forgets rate-limit state that no longer limits anyone, so memory stays
 * bounded.
 */
@Component
class LimitSweeper implements InitializingBean, DisposableBean {

	private final LoginLimiter logins;

	private final TokenBuckets buckets;

	private Disposable job = () -> {
	};

	LimitSweeper(LoginLimiter logins, TokenBuckets buckets) {
		this.logins = logins;
		this.buckets = buckets;
	}

	@Override
	public void afterPropertiesSet() {
		this.job = Flux.interval(Duration.ofMinutes(1), Schedulers.parallel()).onBackpressureDrop().subscribe(tick -> {
			this.logins.sweep();
			this.buckets.sweep();
		});
	}

	@Override
	public void destroy() {
		this.job.dispose();
	}

}
