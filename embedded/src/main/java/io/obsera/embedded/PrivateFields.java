package io.obsera.embedded;

import java.lang.reflect.Field;

/**
 * Reads and sets private fields of Kafka's and Yammer's classes, for the embedded broker's idle
 * adjustments ({@link HandlerPoolSizer}, {@link MeterTickCoalescer}, {@link ExpirationReapers},
 * {@link CoordinatorEventQueues}). A field is looked up on the object's class and its superclasses.
 */
final class PrivateFields {
  private PrivateFields() {}

  static Object get(Object owner, String name) throws ReflectiveOperationException {
    return field(owner, name).get(owner);
  }

  /** Sets a field, final ones included (not of records or hidden classes). */
  static void set(Object owner, String name, Object value) throws ReflectiveOperationException {
    field(owner, name).set(owner, value);
  }

  /** The instance an inner class's object (such as Kafka's reaper threads) belongs to. */
  static Object enclosing(Object inner) throws ReflectiveOperationException {
    return get(inner, "this$0");
  }

  private static Field field(Object owner, String name) throws NoSuchFieldException {
    for (Class<?> c = owner.getClass(); c != null; c = c.getSuperclass()) {
      try {
        Field field = c.getDeclaredField(name);
        field.setAccessible(true);
        return field;
      } catch (NoSuchFieldException e) {
        // look in the superclass
      }
    }
    throw new NoSuchFieldException(owner.getClass().getName() + "." + name);
  }
}
