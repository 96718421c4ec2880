"""Engine parity: the contracted marts built on Spark equal DuckDB's, row by row (``make test-spark``).

The same dbt project is built on the edge-case fixtures on DuckDB and on Spark (dbt-spark,
``method: session``), with the same vars. This module then compares every model whose contract is
enforced - taken from the Spark build's ``manifest.json``, never from a list kept here - between
the two warehouses:

* the column names must be the same (case-insensitive);
* the rows, aligned on the model's primary key (its ``primary_key`` constraint; without one, the
  sorted rows are compared in order), must be the same: floats (and decimals) within 1e-9,
  timestamps equal, nulls equal only to nulls, everything else equal.

Any difference fails with the model, the key and the differing columns. The Spark tables are read
through a SparkSession opened on the warehouse and Derby metastore dbt wrote, configured from the
``spark`` output of ``profiles.yml`` (so run this after dbt has exited: an embedded Derby
metastore takes one process at a time).

    python -m devtools.parity --duckdb target/spark/reference.duckdb \\
        --manifest target/spark/dbt/manifest.json
"""

from __future__ import annotations

import argparse
import datetime as dt
import decimal
import json
import math
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from lead_funnel import settings

FLOAT_TOLERANCE = 1e-9
# differences printed per model (all are counted)
MAX_REPORTED = 20


@dataclass(frozen=True)
class Mart:
    """A contracted model: where it lives and how its rows are keyed."""

    unique_id: str
    name: str
    schema: str
    identifier: str
    key_columns: tuple[str, ...]


@dataclass(frozen=True)
class Difference:
    model: str
    key: str
    detail: str

    def __str__(self) -> str:
        return f"{self.model} [{self.key}]: {self.detail}"


# --- the comparison (pure Python: unit-tested without any engine) -------------------------------


def normalise(value: Any) -> Any:
    """A value from either engine in one comparable form (decimals as floats, naive timestamps)."""
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.timezone.utc).replace(tzinfo=None)
        return value
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):  # numpy scalars
        return value.item()
    return value


def values_equal(left: Any, right: Any, tolerance: float = FLOAT_TOLERANCE) -> bool:
    """Nulls equal nulls only; floats within `tolerance` (absolute, or relative for big values)."""
    left, right = normalise(left), normalise(right)
    if left is None or right is None:
        return left is None and right is None
    if isinstance(left, bool) or isinstance(right, bool):
        return isinstance(left, bool) and isinstance(right, bool) and left == right
    if isinstance(left, float) or isinstance(right, float):
        if not isinstance(left, (int, float)) or not isinstance(right, (int, float)):
            return False
        if math.isnan(left) or math.isnan(right):
            return math.isnan(left) and math.isnan(right)
        return math.isclose(left, right, rel_tol=tolerance, abs_tol=tolerance)
    if type(left) is dt.date and isinstance(right, dt.datetime) or (
        type(right) is dt.date and isinstance(left, dt.datetime)
    ):
        return False
    return left == right


def _sort_key(row: Sequence[Any]) -> tuple:
    """A total order over rows of mixed types with nulls (nulls first; floats rounded so that
    noise below the tolerance does not reorder rows)."""
    key = []
    for value in row:
        value = normalise(value)
        if value is None:
            key.append((0, 0, ""))
        elif isinstance(value, bool):
            key.append((1, 0, int(value)))
        elif isinstance(value, (int, float)):
            key.append((1, 1, round(float(value), 6)))
        elif isinstance(value, dt.datetime):
            key.append((1, 2, value.isoformat()))
        elif isinstance(value, dt.date):
            key.append((1, 3, value.isoformat()))
        else:
            key.append((1, 4, str(value)))
    return tuple(key)


def _describe_key(columns: Sequence[str], key_columns: Sequence[str], row: Sequence[Any]) -> str:
    index = {name: i for i, name in enumerate(columns)}
    return ", ".join(f"{name}={row[index[name]]!r}" for name in key_columns)


def compare_rows(
    model: str,
    columns_left: Sequence[str],
    rows_left: Iterable[Sequence[Any]],
    columns_right: Sequence[str],
    rows_right: Iterable[Sequence[Any]],
    key_columns: Sequence[str] = (),
    names: tuple[str, str] = ("duckdb", "spark"),
    tolerance: float = FLOAT_TOLERANCE,
) -> list[Difference]:
    """Every difference between two results of `model` (empty list: equal).

    Rows are aligned on `key_columns` when given (a key on one side only is a missing row), else
    compared in sorted order. Columns are matched by lowercased name, in the left side's order.
    """
    left_cols = [c.lower() for c in columns_left]
    right_cols = [c.lower() for c in columns_right]
    if sorted(left_cols) != sorted(right_cols):
        only_left = sorted(set(left_cols) - set(right_cols))
        only_right = sorted(set(right_cols) - set(left_cols))
        return [Difference(model, "columns", f"only in {names[0]}: {only_left}; only in {names[1]}: {only_right}")]
    reorder = [right_cols.index(c) for c in left_cols]
    left = [tuple(row) for row in rows_left]
    right = [tuple(row[i] for i in reorder) for row in rows_right]
    key_columns = [k.lower() for k in key_columns]
    key_index = [left_cols.index(k) for k in key_columns]
    differences: list[Difference] = []

    def compare_pair(key: str, a: Sequence[Any], b: Sequence[Any]) -> None:
        differing = [
            f"{name}: {names[0]}={a[i]!r} {names[1]}={b[i]!r}"
            for i, name in enumerate(left_cols)
            if not values_equal(a[i], b[i], tolerance)
        ]
        if differing:
            differences.append(Difference(model, key, "; ".join(differing)))

    if key_index:
        def key_of(row):
            return tuple(normalise(row[i]) for i in key_index)

        def index_rows(rows, side):
            indexed = {}
            for row in rows:
                k = key_of(row)
                if k in indexed:
                    differences.append(Difference(
                        model, _describe_key(left_cols, key_columns, row), f"key not unique in {side}"))
                indexed[k] = row
            return indexed

        left_by_key, right_by_key = index_rows(left, names[0]), index_rows(right, names[1])
        for k in sorted(set(left_by_key) | set(right_by_key), key=_sort_key):
            a, b = left_by_key.get(k), right_by_key.get(k)
            described = _describe_key(left_cols, key_columns, a if a is not None else b)
            if a is None:
                differences.append(Difference(model, described, f"row only in {names[1]}: {b!r}"))
            elif b is None:
                differences.append(Difference(model, described, f"row only in {names[0]}: {a!r}"))
            else:
                compare_pair(described, a, b)
        return differences

    if len(left) != len(right):
        differences.append(Difference(model, "rows", f"{names[0]} has {len(left)} rows, {names[1]} has {len(right)}"))
    for position, (a, b) in enumerate(zip(sorted(left, key=_sort_key), sorted(right, key=_sort_key))):
        compare_pair(f"row {position + 1} in sort order", a, b)
    return differences


# --- the manifest -------------------------------------------------------------------------------


def contracted_marts(manifest_path: Path) -> list[Mart]:
    """The enabled models of a dbt manifest whose contract is enforced, with their primary keys."""
    manifest = json.loads(Path(manifest_path).read_text())
    marts = []
    for unique_id, node in sorted(manifest["nodes"].items()):
        if node.get("resource_type") != "model":
            continue
        config = node.get("config") or {}
        if not config.get("enabled", True) or not (config.get("contract") or {}).get("enforced"):
            continue
        keys = [
            name for name, column in (node.get("columns") or {}).items()
            if any(c.get("type") == "primary_key" for c in column.get("constraints") or [])
        ]
        for constraint in node.get("constraints") or []:
            if constraint.get("type") == "primary_key":
                keys = list(constraint.get("columns") or keys)
        marts.append(Mart(
            unique_id=unique_id,
            name=node["name"],
            schema=node["schema"],
            identifier=node.get("alias") or node["name"],
            key_columns=tuple(keys),
        ))
    return marts


# --- the engines --------------------------------------------------------------------------------


def read_duckdb(path: Path) -> Callable[[Mart], tuple[list[str], list[tuple]]]:
    import duckdb

    connection = duckdb.connect(str(path), read_only=True)

    def read(mart: Mart):
        result = connection.execute(f'select * from "{mart.schema}"."{mart.identifier}"')
        return [d[0] for d in result.description], result.fetchall()

    return read


def spark_parameters(profiles_dir: Path, target: str = "spark") -> dict[str, str]:
    """The server_side_parameters of the `target` output of profiles.yml, rendered (env_var)."""
    import jinja2
    import yaml

    text = (Path(profiles_dir) / "profiles.yml").read_text()

    def env_var(name, default=None):
        value = os.environ.get(name, default)
        if value is None:
            raise KeyError(f"profiles.yml needs the environment variable {name}")
        return value

    profiles = yaml.safe_load(text)
    output = profiles["lead_funnel"]["outputs"][target]
    environment = jinja2.Environment()
    return {
        str(key): environment.from_string(str(value)).render(env_var=env_var)
        for key, value in (output.get("server_side_parameters") or {}).items()
    }


def spark_session(profiles_dir: Path, target: str = "spark"):
    """A SparkSession on the warehouse and metastore dbt-spark used (Hive support, as dbt-spark)."""
    os.environ.setdefault("TZ", "UTC")
    os.environ["TZ"] = "UTC"  # collect() turns timestamps into local datetimes: keep them UTC
    time.tzset()
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.enableHiveSupport()
    for key, value in spark_parameters(profiles_dir, target).items():
        builder = builder.config(key, value)
    builder = builder.config("spark.sql.ansi.enabled", "false")  # as dbt-spark sets it
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


def read_spark(session) -> Callable[[Mart], tuple[list[str], list[tuple]]]:
    def read(mart: Mart):
        frame = session.table(f"{mart.schema}.{mart.identifier}")
        return list(frame.columns), [tuple(row) for row in frame.collect()]

    return read


def compare_marts(marts: Sequence[Mart], read_left, read_right, names=("duckdb", "spark")) -> tuple[list[Difference], int]:
    """Differences over all `marts`, and the number of rows compared."""
    differences: list[Difference] = []
    rows = 0
    for mart in marts:
        columns_left, rows_left = read_left(mart)
        columns_right, rows_right = read_right(mart)
        rows += len(rows_left)
        found = compare_rows(mart.name, columns_left, rows_left, columns_right, rows_right, mart.key_columns, names)
        print(f"  {mart.schema}.{mart.identifier}: {len(rows_left)} rows ({names[0]}) / {len(rows_right)} "
              f"({names[1]}), key {list(mart.key_columns) or 'whole row'}: "
              f"{'equal' if not found else f'{len(found)} difference(s)'}", flush=True)
        differences.extend(found)
    return differences, rows


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--duckdb", required=True, type=Path, help="the DuckDB file of the reference build")
    parser.add_argument("--manifest", required=True, type=Path,
                        help="manifest.json of the Spark build: its contracted models are compared")
    parser.add_argument("--profiles-dir", type=Path, default=settings.profiles_dir(),
                        help="folder of profiles.yml (its spark output configures the SparkSession)")
    parser.add_argument("--target", default="spark", help="the profiles.yml output to read Spark settings from")
    parser.add_argument("--label", default="", help="printed with the result (e.g. 'after the incremental run')")


def run(args: argparse.Namespace) -> int:
    marts = contracted_marts(args.manifest)
    if not marts:
        print(f"parity: no contracted model in {args.manifest}", file=sys.stderr)
        return 2
    label = f" ({args.label})" if args.label else ""
    print(f"parity{label}: {len(marts)} contracted models, DuckDB {args.duckdb} vs Spark", flush=True)
    session = spark_session(args.profiles_dir, args.target)
    try:
        differences, rows = compare_marts(marts, read_duckdb(args.duckdb), read_spark(session))
    finally:
        session.stop()
    if differences:
        print(f"parity{label}: FAILED, {len(differences)} difference(s):", file=sys.stderr)
        by_model: dict[str, int] = {}
        for difference in differences:
            by_model[difference.model] = by_model.get(difference.model, 0) + 1
            if by_model[difference.model] <= MAX_REPORTED:
                print(f"  {difference}", file=sys.stderr)
        for model, count in by_model.items():
            if count > MAX_REPORTED:
                print(f"  {model}: {count - MAX_REPORTED} more not shown", file=sys.stderr)
        return 1
    print(f"parity{label}: OK, {len(marts)} models and {rows} rows equal on DuckDB and Spark")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m devtools.parity", description=__doc__.split("\n\n")[0])
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
