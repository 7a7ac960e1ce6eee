#!/usr/bin/python3
"""Writes the corrupt-file corpus (tests/profile/corpus/): small ONNX files that
are broken in one way each, plus one valid model. The e2e test expects exit
code 2 from `infergy profile` for every file named bad_*; the fuzz target
uses all of them as seeds. Usage: /usr/bin/python3 make_corpus.py OUT_DIR"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def conv_model(opset=17):
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, 8, 8])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, None)
    w = numpy_helper.from_array(np.arange(108, dtype=np.float32).reshape(4, 3, 3, 3), "w")
    graph = helper.make_graph([helper.make_node("Conv", ["x", "w"], ["y"], name="conv")],
                              "g", [x], [y], [w])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])


def write(out, name, data):
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    valid = conv_model().SerializeToString()
    write(out, "good_conv.onnx", valid)
    write(out, "bad_empty.onnx", b"")
    write(out, "bad_text.onnx", b"this is not an ONNX model\n")
    write(out, "bad_truncated.onnx", valid[: len(valid) // 2])
    write(out, "bad_truncated_tail.onnx", valid[:-3])
    write(out, "bad_wire_type.onnx", b"\x0f" + valid)  # field 1, wire type 7

    cycle = conv_model()
    cycle.graph.node.append(helper.make_node("Relu", ["a"], ["b"], name="r"))
    cycle.graph.node.append(helper.make_node("Relu", ["b"], ["a"], name="s"))
    write(out, "bad_cycle.onnx", cycle.SerializeToString())

    write(out, "bad_opset.onnx", conv_model(opset=99).SerializeToString())

    custom = conv_model()
    custom.opset_import.append(helper.make_opsetid("com.example", 1))
    custom.graph.node[0].domain = "com.example"
    write(out, "bad_custom_domain.onnx", custom.SerializeToString())

    external = conv_model()
    w = external.graph.initializer[0]
    w.ClearField("raw_data")
    w.data_location = TensorProto.EXTERNAL
    entry = w.external_data.add()
    entry.key, entry.value = "location", "missing_weights.bin"
    write(out, "bad_external_missing.onnx", external.SerializeToString())

    short = conv_model()
    short.graph.initializer[0].raw_data = b"\0" * 10
    write(out, "bad_raw_data_size.onnx", short.SerializeToString())

    nograph = conv_model()
    nograph.ClearField("graph")
    write(out, "bad_no_graph.onnx", nograph.SerializeToString())

    undefined = conv_model()
    undefined.graph.node[0].input[0] = "ghost"
    write(out, "bad_undefined_input.onnx", undefined.SerializeToString())

    dynamic = conv_model()
    dynamic.graph.input[0].type.tensor_type.shape.dim[0].dim_param = "batch"
    write(out, "bad_unbound_dimension.onnx", dynamic.SerializeToString())


if __name__ == "__main__":
    main()
