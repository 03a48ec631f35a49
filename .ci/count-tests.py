#!/usr/bin/env python3
"""Counts JUnit XML reports of every module (Surefire, Failsafe and bnd-testing) into one line.

bnd-testing-maven-plugin does not print a Surefire summary, so CI reads the reports instead.
Prints: "N passed, N failed" (failed includes errors), plus skipped when any.
Exit status 1 when something failed or when no test ran at all.
"""
import glob
import sys
import xml.etree.ElementTree as ET

args = sys.argv[1:]
extra_passed = extra_failed = 0
# --extra P F: checks of a non-JUnit suite (the stack smoke test) counted into the same line
if "--extra" in args:
    i = args.index("--extra")
    extra_passed, extra_failed = int(args[i + 1]), int(args[i + 2])
    del args[i:i + 3]
root = args[0] if args else "."
patterns = ["**/target/surefire-reports/TEST-*.xml",
            "**/target/failsafe-reports/TEST-*.xml",
            "**/target/test-reports/**/TEST-*.xml"]
files = sorted({f for p in patterns for f in glob.glob(f"{root}/{p}", recursive=True)})
total = failed = skipped = 0
failures = []
for f in files:
    try:
        tree = ET.parse(f)
    except ET.ParseError as e:
        failed += 1
        failures.append(f"{f}: unreadable report ({e})")
        continue
    suites = [tree.getroot()] if tree.getroot().tag == "testsuite" else tree.getroot().findall("testsuite")
    for s in suites:
        for case in s.findall("testcase"):
            total += 1
            if case.find("failure") is not None or case.find("error") is not None:
                failed += 1
                failures.append(f"{s.get('name')}.{case.get('name')}")
            elif case.find("skipped") is not None:
                skipped += 1
total += extra_passed + extra_failed
failed += extra_failed
passed = total - failed - skipped
for name in failures:
    print(f"FAILED: {name}")
print(f"{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else "") + f" ({len(files)} reports)")
sys.exit(1 if failed or total == 0 else 0)
