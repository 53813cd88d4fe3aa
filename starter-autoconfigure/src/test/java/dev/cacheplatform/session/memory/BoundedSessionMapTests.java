package dev.cacheplatform.session.memory;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Scheduler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.session.MapSession;
import org.springframework.session.MapSessionRepository;

import static org.assertj.core.api.Assertions.assertThat;

/** The memory store's sessions: purged by their own idle timeout on a fake clock, and bounded in number. */
@ExtendWith(OutputCaptureExtension.class)
class BoundedSessionMapTests {

	private final AtomicLong nanos = new AtomicLong();

	@Test
	void expiredSessionsArePurgedWithoutBeingReadAgain() {
		BoundedSessionMap sessions = new BoundedSessionMap(10_000, this.nanos::get, Scheduler.disabledScheduler());
		MapSessionRepository repository = new MapSessionRepository(sessions.asMap());
		repository.setDefaultMaxInactiveInterval(Duration.ofSeconds(1));
		for (int i = 0; i < 500; i++) {
			MapSession session = repository.createSession();
			session.setAttribute("n", i);
			repository.save(session);
		}
		MapSession lasting = repository.createSession();
		lasting.setMaxInactiveInterval(Duration.ofMinutes(30));
		repository.save(lasting);
		sessions.cleanUp();
		assertThat(sessions.asMap()).hasSize(501);
		this.nanos.addAndGet(Duration.ofMillis(999).toNanos());
		sessions.cleanUp();
		assertThat(sessions.asMap()).as("not yet idle for a second").hasSize(501);
		this.nanos.addAndGet(Duration.ofMillis(2).toNanos());
		sessions.cleanUp();
		assertThat(sessions.asMap()).containsOnlyKeys(lasting.getId());
	}

	@Test
	void aSaveRestartsTheIdleTimeout() {
		BoundedSessionMap sessions = new BoundedSessionMap(10, this.nanos::get, Scheduler.disabledScheduler());
		MapSessionRepository repository = new MapSessionRepository(sessions.asMap());
		repository.setDefaultMaxInactiveInterval(Duration.ofSeconds(10));
		MapSession session = repository.createSession();
		repository.save(session);
		this.nanos.addAndGet(Duration.ofSeconds(8).toNanos());
		MapSession used = repository.findById(session.getId());
		used.setLastAccessedTime(Instant.now());
		repository.save(used);
		this.nanos.addAndGet(Duration.ofSeconds(8).toNanos());
		sessions.cleanUp();
		assertThat(sessions.asMap()).containsOnlyKeys(session.getId());
	}

	@Test
	void atItsBoundTheStoreDropsSessionsAndSaysSoOncePerMinute(CapturedOutput output) {
		BoundedSessionMap sessions = new BoundedSessionMap(100, this.nanos::get, Scheduler.disabledScheduler());
		MapSessionRepository repository = new MapSessionRepository(sessions.asMap());
		for (int i = 0; i < 150; i++) {
			repository.save(repository.createSession());
			sessions.cleanUp();
		}
		assertThat(sessions.asMap()).hasSize(100);
		this.nanos.addAndGet(Duration.ofSeconds(61).toNanos());
		repository.save(repository.createSession());
		sessions.cleanUp();
		assertThat(output.getOut().lines().filter((line) -> line.contains("holds its maximum of 100 sessions")))
			.satisfiesExactly((line) -> assertThat(line).contains("dropped 1 "),
					(line) -> assertThat(line).contains("dropped 50 "));
	}

}
