package io.obsera.ingest.otlp;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * Encodes {@code google.rpc.Status} (code = field 1, message = field 2), the body OTLP/HTTP
 * specifies for error responses. Two fields do not justify a dependency on common-protos.
 */
final class RpcStatus {
  static final int INVALID_ARGUMENT = 3;
  static final int RESOURCE_EXHAUSTED = 8;
  static final int UNAVAILABLE = 14;
  static final int UNAUTHENTICATED = 16;

  private RpcStatus() {}

  static byte[] encode(int code, String message) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      out.writeInt32(1, code);
      out.writeString(2, message);
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
