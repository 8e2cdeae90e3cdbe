package dev.passk.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;

/**
 * Plain JSON for Avro records, driven by the schema: a record is an object whose keys are the
 * schema's field names, an array an array, a map an object, a nullable union {@code null} or the
 * value itself (no Avro type wrapper), a number a JSON number. Doubles that are not finite become
 * the strings {@code "NaN"}, {@code "Infinity"} and {@code "-Infinity"} (JSON has no such numbers).
 * Reading inverts writing for every schema built from these types.
 */
final class AvroJson {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final SpecificData model;

  /** @param model finds the generated classes of the records read (their class loader matters) */
  AvroJson(SpecificData model) {
    this.model = model;
  }

  static JsonNode write(Object value, Schema schema) {
    return switch (schema.getType()) {
      case NULL -> NODES.nullNode();
      case BOOLEAN -> NODES.booleanNode((Boolean) value);
      case INT -> NODES.numberNode((Integer) value);
      case LONG -> NODES.numberNode((Long) value);
      case FLOAT -> writeDouble(((Float) value).doubleValue());
      case DOUBLE -> writeDouble((Double) value);
      case STRING, ENUM -> NODES.textNode(value.toString());
      case ARRAY -> {
        ArrayNode array = NODES.arrayNode();
        for (Object item : (List<?>) value) {
          array.add(write(item, schema.getElementType()));
        }
        yield array;
      }
      case MAP -> {
        ObjectNode object = NODES.objectNode();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
          object.set(e.getKey().toString(), write(e.getValue(), schema.getValueType()));
        }
        yield object;
      }
      case RECORD -> {
        IndexedRecord record = (IndexedRecord) value;
        ObjectNode object = NODES.objectNode();
        for (Schema.Field field : schema.getFields()) {
          object.set(field.name(), write(record.get(field.pos()), field.schema()));
        }
        yield object;
      }
      case UNION -> value == null ? NODES.nullNode() : write(value, nonNullBranch(schema));
      default -> throw new IllegalArgumentException("no plain JSON form for Avro type " + schema.getType());
    };
  }

  Object read(JsonNode node, Schema schema) {
    return switch (schema.getType()) {
      case NULL -> null;
      case BOOLEAN -> expect(node, node.isBoolean(), schema).booleanValue();
      case INT -> expect(node, node.canConvertToInt() && node.isIntegralNumber(), schema).intValue();
      case LONG -> expect(node, node.isIntegralNumber(), schema).longValue();
      case FLOAT -> (float) readDouble(node, schema);
      case DOUBLE -> readDouble(node, schema);
      case STRING -> expect(node, node.isTextual(), schema).textValue();
      case ENUM -> model.createEnum(expect(node, node.isTextual(), schema).textValue(), schema);
      case ARRAY -> {
        List<Object> list = new ArrayList<>();
        for (JsonNode item : expect(node, node.isArray(), schema)) {
          list.add(read(item, schema.getElementType()));
        }
        yield list;
      }
      case MAP -> {
        Map<String, Object> map = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = expect(node, node.isObject(), schema).fields();
        while (fields.hasNext()) {
          Map.Entry<String, JsonNode> e = fields.next();
          map.put(e.getKey(), read(e.getValue(), schema.getValueType()));
        }
        yield map;
      }
      case RECORD -> {
        expect(node, node.isObject(), schema);
        IndexedRecord record = (IndexedRecord) model.newRecord(null, schema);
        for (Schema.Field field : schema.getFields()) {
          JsonNode fieldNode = node.get(field.name());
          if (fieldNode == null) {
            throw new IllegalArgumentException("field '" + field.name() + "' of " + schema.getName() + " is missing");
          }
          record.put(field.pos(), read(fieldNode, field.schema()));
        }
        yield record;
      }
      case UNION -> node.isNull() ? null : read(node, nonNullBranch(schema));
      default -> throw new IllegalArgumentException("no plain JSON form for Avro type " + schema.getType());
    };
  }

  private static JsonNode writeDouble(double x) {
    return Double.isFinite(x) ? NODES.numberNode(x) : NODES.textNode(Double.toString(x));
  }

  private static double readDouble(JsonNode node, Schema schema) {
    if (node.isTextual()) {
      return switch (node.textValue()) {
        case "NaN" -> Double.NaN;
        case "Infinity" -> Double.POSITIVE_INFINITY;
        case "-Infinity" -> Double.NEGATIVE_INFINITY;
        default -> throw new IllegalArgumentException("expected a number, NaN or (-)Infinity, got '"
            + node.textValue() + "'");
      };
    }
    return expect(node, node.isNumber(), schema).doubleValue();
  }

  /** The one branch of a nullable union {@code ["null", T]}. */
  private static Schema nonNullBranch(Schema union) {
    List<Schema> branches = union.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).toList();
    if (branches.size() != 1) {
      throw new IllegalArgumentException("only nullable unions [null, T] have a plain JSON form, not " + union);
    }
    return branches.get(0);
  }

  private static JsonNode expect(JsonNode node, boolean ok, Schema schema) {
    if (!ok) {
      throw new IllegalArgumentException("expected a JSON value of Avro type " + schema.getType()
          + (schema.getType() == Schema.Type.RECORD ? " " + schema.getName() : "") + ", got " + node);
    }
    return node;
  }
}
