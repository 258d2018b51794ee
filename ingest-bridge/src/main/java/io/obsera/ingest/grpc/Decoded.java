package io.obsera.ingest.grpc;

import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.obsera.ingest.pipeline.IngestError;
import java.io.InputStream;

/**
 * A request message as the server decoded it: the message, or why it could not be decoded.
 * grpc-java turns an exception thrown while parsing on the application thread into UNKNOWN
 * ("Application error processing RPC"), so a gzip message over the size limit or a malformed one
 * would not get its proper status; decoding into a value lets the handler answer RESOURCE_EXHAUSTED
 * or INVALID_ARGUMENT.
 */
record Decoded<Q>(Q request, IngestError error) {

  /** The server-side form of {@code method}: same name and wire format, requests as Decoded. */
  static <Q, R> MethodDescriptor<Decoded<Q>, R> serverSide(
      MethodDescriptor<Q, R> method, String messageName) {
    return method.toBuilder(
            new DecodingMarshaller<>(method.getRequestMarshaller(), messageName),
            method.getResponseMarshaller())
        .build();
  }

  private static final class DecodingMarshaller<Q>
      implements MethodDescriptor.Marshaller<Decoded<Q>> {
    private final MethodDescriptor.Marshaller<Q> delegate;
    private final String messageName;

    DecodingMarshaller(MethodDescriptor.Marshaller<Q> delegate, String messageName) {
      this.delegate = delegate;
      this.messageName = messageName;
    }

    @Override
    public InputStream stream(Decoded<Q> value) {
      return delegate.stream(value.request());
    }

    @Override
    public Decoded<Q> parse(InputStream stream) {
      try {
        return new Decoded<>(delegate.parse(stream), null);
      } catch (StatusRuntimeException e) {
        String why = e.getStatus().getDescription();
        if (e.getStatus().getCode() == Status.Code.RESOURCE_EXHAUSTED) {
          return new Decoded<>(null, IngestError.tooLarge(why));
        }
        return new Decoded<>(
            null, IngestError.invalid("message is not a valid " + messageName + ": " + why));
      }
    }
  }
}
