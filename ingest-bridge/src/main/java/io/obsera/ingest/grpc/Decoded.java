package io.obsera.ingest.grpc;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.obsera.ingest.pipeline.IngestError;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request message as the server decoded it: the message, or why it could not be decoded.
 * grpc-java turns an exception thrown while parsing on the application thread into UNKNOWN
 * ("Application error processing RPC"), so a gzip message over the size limit or a malformed one
 * would not get its proper status; decoding into a value lets the handler answer RESOURCE_EXHAUSTED
 * or INVALID_ARGUMENT.
 */
record Decoded<Q>(Q request, byte[] wire, IngestError error) {

  /** The server-side form of {@code method}: same name and wire format, requests as Decoded. */
  static <Q, R> MethodDescriptor<Decoded<Q>, R> serverSide(
      MethodDescriptor<Q, R> method, String messageName) {
    return keepingBytes(method, messageName, null);
  }

  /**
   * As {@link #serverSide}, keeping the message's bytes in {@link #wire} (fragments are cut from
   * them): {@code parser} parses the bytes read; null parses the stream without keeping them.
   */
  static <Q, R> MethodDescriptor<Decoded<Q>, R> keepingBytes(
      MethodDescriptor<Q, R> method, String messageName, BytesParser<Q> parser) {
    return method.toBuilder(
            new DecodingMarshaller<>(method.getRequestMarshaller(), messageName, parser),
            method.getResponseMarshaller())
        .build();
  }

  /** Parses a request message from its bytes. */
  @FunctionalInterface
  interface BytesParser<Q> {
    Q parse(byte[] bytes) throws InvalidProtocolBufferException;
  }

  private static final class DecodingMarshaller<Q>
      implements MethodDescriptor.Marshaller<Decoded<Q>> {
    private final MethodDescriptor.Marshaller<Q> delegate;
    private final String messageName;
    private final BytesParser<Q> parser;

    DecodingMarshaller(
        MethodDescriptor.Marshaller<Q> delegate, String messageName, BytesParser<Q> parser) {
      this.delegate = delegate;
      this.messageName = messageName;
      this.parser = parser;
    }

    @Override
    public InputStream stream(Decoded<Q> value) {
      return delegate.stream(value.request());
    }

    /** gRPC enforces the message size limit (decompressed too) while the stream is read. */
    @Override
    public Decoded<Q> parse(InputStream stream) {
      try {
        if (parser == null) {
          return new Decoded<>(delegate.parse(stream), null, null);
        }
        byte[] bytes = stream.readAllBytes();
        return new Decoded<>(parser.parse(bytes), bytes, null);
      } catch (StatusRuntimeException e) {
        String why = e.getStatus().getDescription();
        if (e.getStatus().getCode() == Status.Code.RESOURCE_EXHAUSTED) {
          return new Decoded<>(null, null, IngestError.tooLarge(why));
        }
        return invalid(why);
      } catch (InvalidProtocolBufferException e) {
        return invalid("Invalid protobuf byte sequence: " + e.getMessage());
      } catch (IOException e) {
        return invalid("unreadable: " + e.getMessage());
      }
    }

    private Decoded<Q> invalid(String why) {
      return new Decoded<>(
          null, null, IngestError.invalid("message is not a valid " + messageName + ": " + why));
    }
  }
}
