package dev.cacheplatform.testsupport;

import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.output.CommandOutput;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Builds any reply as the plain Java values {@link RespClient} documents: strings (or
 * {@code byte[]} for binary bulk strings), {@link Long}, nested {@link List}s, {@link Map}s for
 * RESP3 maps, {@link Boolean}, and a {@link RespClient.RedisError} for an error, also a top-level
 * one (which {@link RespClient} then throws), so Lettuce never turns a reply into an exception.
 */
final class ReplyOutput extends CommandOutput<byte[], byte[], @Nullable Object> {

  private final boolean binary;

  /** Aggregates whose elements are still arriving, innermost first. */
  private final Deque<Aggregate> open = new ArrayDeque<>();

  ReplyOutput(boolean binary) {
    super(ByteArrayCodec.INSTANCE, null);
    this.binary = binary;
  }

  @Override
  public void set(@Nullable ByteBuffer bytes) {
    if (bytes == null) {
      add(null);
    } else {
      byte[] data = new byte[bytes.remaining()];
      bytes.get(data);
      add(binary ? data : new String(data, StandardCharsets.UTF_8));
    }
  }

  @Override
  public void setSingle(@Nullable ByteBuffer bytes) {
    add((bytes != null) ? text(bytes) : null);
  }

  @Override
  public void setBigNumber(@Nullable ByteBuffer bytes) {
    add((bytes != null) ? text(bytes) : null);
  }

  @Override
  public void set(long integer) {
    add(integer);
  }

  @Override
  public void set(double number) {
    add(String.valueOf(number));
  }

  @Override
  public void set(boolean value) {
    add(value);
  }

  @Override
  public void setError(@Nullable ByteBuffer error) {
    add(new RespClient.RedisError((error != null) ? text(error) : ""));
  }

  @Override
  public void setError(@Nullable String error) {
    add(new RespClient.RedisError(String.valueOf(error)));
  }

  @Override
  public void multi(int count) {
    start(count, false);
  }

  @Override
  public void multiMap(int count) {
    start((count < 0) ? count : count * 2, true);
  }

  private void start(int count, boolean map) {
    if (count < 0) {
      add(null);
    } else if (count == 0) {
      add(map ? new LinkedHashMap<>() : new ArrayList<>());
    } else {
      open.push(new Aggregate(count, map));
    }
  }

  /** Adds a complete value to the innermost open aggregate, completing aggregates it fills. */
  private void add(@Nullable Object value) {
    Object complete = value;
    Aggregate parent = open.peek();
    while (parent != null) {
      parent.items.add(complete);
      if (parent.items.size() < parent.expected) {
        return;
      }
      open.pop();
      complete = parent.map ? parent.toMap() : parent.items;
      parent = open.peek();
    }
    output = complete;
  }

  private static String text(ByteBuffer bytes) {
    return StandardCharsets.UTF_8.decode(bytes).toString();
  }

  /** An array, set, push or map whose elements are still arriving. */
  private static final class Aggregate {

    final int expected;

    final boolean map;

    final List<@Nullable Object> items;

    Aggregate(int expected, boolean map) {
      this.expected = expected;
      this.map = map;
      this.items = new ArrayList<>(Math.min(expected, 1024));
    }

    Map<@Nullable Object, @Nullable Object> toMap() {
      Map<@Nullable Object, @Nullable Object> map = new LinkedHashMap<>();
      for (int i = 0; i + 1 < items.size(); i += 2) {
        map.put(items.get(i), items.get(i + 1));
      }
      return map;
    }
  }
}
