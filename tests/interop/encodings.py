#!/usr/bin/env python3
"""The official SDK's encoding of list, structure and JSON parameters, for the literals of tests/tests/wire_styles.rs.

Why this exists: `style: repeat_list` and `style: json` must put on the wire what the official clients put there,
and the Rust tests assert exact strings. This script computes those strings with the official Tea OpenAPI
utilities (alibabacloud-tea-openapi, darabonba-core) for the values the Rust tests send, so the literals come from
the official code, not from this project's. It runs offline: it calls the encoding functions, no client is made.

- repeat_list: `Utils.query` flattens as the generated product SDKs do (`Name.1`, `Tag.1.Key`, index base 1);
  the pairs are printed in the canonical query form this SDK sends and both signatures sign (sorted by name,
  RFC 3986 percent-encoding: `get_canonical_query_string` of the same package);
- json: `Utils.array_to_string_with_specified_style(value, name, 'json')`, as the product SDKs' `*_shrink` fields;
- form body: `DaraForm.to_form_string(Utils.query(body))` (V1) and `Utils.to_form(body)` (V3), which must agree.

Usage: pip install alibabacloud-tea-openapi (see requirements.txt), then python3 tests/interop/encodings.py.
"""

from alibabacloud_tea_openapi.utils import Utils, get_canonical_query_string
from darabonba.utils.form import Form as DaraForm

# The values of tests/tests/wire_styles.rs (booleans as the JSON text `true`, which this SDK sends; Python's own
# str() would say `True`, so the values below hold no Python booleans outside JSON).
QUERY_VALUES = {
    "RegionId": "cn-hangzhou",
    "ThingIds": ["t-1", "t 2"],
    "Tag": [{"Key": "env", "Value": "prod"}, {"Key": "team", "Values": ["a", "b"]}],
    "Layout": {"Name": "box", "Size": 3, "Items": [{"Id": 7, "Labels": ["x", "y"]}]},
}
JSON_VALUES = {
    "Filter": ["a", "b"],
    "Spec": {"Name": "box", "Size": 3, "Ratio": 0.5, "Items": [{"Id": 7, "Labels": ["x"]}]},
    "Extra": {"k": [1, {"n": True}], "s": "a b/c"},
}
FORM_VALUES = {
    "Note": "hello world & more",
    "Labels": ["l1", "l 2"],
}
FORM_JSON_VALUES = {
    "Meta": {"Key": "env", "Value": "prod"},
}


def main():
    query = Utils.query(QUERY_VALUES)
    for name, value in JSON_VALUES.items():
        query[name] = Utils.array_to_string_with_specified_style(value, name, "json")
    print("query pairs:", sorted(query.items()))
    print("canonical query:", get_canonical_query_string(query))

    body = dict(FORM_VALUES)
    for name, value in FORM_JSON_VALUES.items():
        body[name] = Utils.array_to_string_with_specified_style(value, name, "json")
    v1 = DaraForm.to_form_string(Utils.query(body))
    v3 = Utils.to_form(body)
    assert v1 == v3, (v1, v3)
    print("form body:", v1)


if __name__ == "__main__":
    main()
