package io.pgmob.fleet.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Binds {@link OperationRequest}s from JSON, strictly: no value is silently converted to another type. */
public final class OperationRequests {

  private static final ObjectMapper MAPPER = strict();

  private OperationRequests() {}

  private static ObjectMapper strict() {
    JsonMapper m = JsonMapper.builder()
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .build();
    for (CoercionInputShape shape : List.of(CoercionInputShape.Integer, CoercionInputShape.Float,
        CoercionInputShape.Boolean)) {
      m.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
    }
    return m;
  }

  /**
   * Binds the {@code operation} object of a control-plane request, e.g. {@code {"type":
   * "ensure-role", "role": "app", "login": true, "passwordRef": "env:APP_PW"}}. Only binds: call
   * {@link OperationRequest#operation} to check the values and build the operation.
   *
   * @throws InvalidRequestException naming the field whose JSON type is wrong, an unknown or
   *     missing {@code type}, or a plaintext {@code password}
   */
  public static OperationRequest fromJson(String json) {
    JsonNode node;
    try {
      node = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw invalid("operation", "not valid JSON");
    }
    return fromJson(node);
  }

  /**
   * Binds an {@code operation} object already read as a JSON tree (the control plane reads the
   * whole request body once). Same checks as {@link #fromJson(String)}.
   *
   * @param node the {@code operation} object
   * @return the bound request, not yet checked
   * @throws InvalidRequestException as {@link #fromJson(String)}
   */
  public static OperationRequest fromJson(@Nullable JsonNode node) {
    if (node == null || !node.isObject()) {
      throw invalid("operation", "must be an object with a \"type\", one of " + OperationRequest.TYPES);
    }
    List<InvalidRequestException.FieldError> errors = new ArrayList<>();
    if (node.has("password")) {
      errors.add(new InvalidRequestException.FieldError("password",
          "plaintext passwords are not accepted; give passwordRef: \"env:NAME\" or \"file:/path\" (read by the server)"));
    }
    JsonNode type = node.get("type");
    if (type == null || !type.isTextual() || !OperationRequest.TYPES.contains(type.asText())) {
      errors.add(new InvalidRequestException.FieldError("type", "required, one of " + OperationRequest.TYPES));
    }
    if (!errors.isEmpty()) {
      throw new InvalidRequestException(errors);
    }
    try {
      return MAPPER.treeToValue(node, OperationRequest.class);
    } catch (JsonMappingException e) {
      throw invalid(field(e), expected(e));
    } catch (JsonProcessingException e) {
      throw invalid("operation", "cannot be read: " + e.getOriginalMessage());
    }
  }

  private static InvalidRequestException invalid(String field, String message) {
    return new InvalidRequestException(List.of(new InvalidRequestException.FieldError(field, message)));
  }

  /** The path of the field a binding error is about, as {@code memberOf[1]}. */
  private static String field(JsonMappingException e) {
    StringBuilder b = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        b.append(b.length() == 0 ? "" : ".").append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        b.append('[').append(r.getIndex()).append(']');
      }
    }
    return b.length() == 0 ? "operation" : b.toString();
  }

  private static String expected(JsonMappingException e) {
    Class<?> target = e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException m ? m.getTargetType() : null;
    if (target == null) {
      return "has the wrong type";
    }
    if (target == Boolean.class || target == boolean.class) {
      return "must be true or false";
    }
    if (target == Integer.class || target == int.class) {
      return "must be a whole number";
    }
    if (target == String.class) {
      return "must be a string";
    }
    if (List.class.isAssignableFrom(target)) {
      return "must be an array of strings";
    }
    if (target.isEnum()) {
      return "must be one of " + Arrays.stream(target.getEnumConstants())
          .map(c -> ((Enum<?>) c).name().toLowerCase(Locale.ROOT)).toList();
    }
    return "has the wrong type";
  }
}
