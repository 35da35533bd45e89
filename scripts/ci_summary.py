"""Add up the JUnit reports of a CI run into one closing line in pytest's own summary format:
"===== 2871 passed, 1 skipped in 493s (0:08:13) =====".

CI reads a run's closing lines to learn how many tests ran; without this the last lines would be the image
smoke test's. Usage: ci_summary.py SECONDS_SINCE_START REPORT.xml...
"""
import sys
import xml.etree.ElementTree as ET


def main(seconds: int, paths: list[str]) -> int:
    passed = failed = skipped = 0
    for path in paths:
        root = ET.parse(path).getroot()
        for suite in root.iter("testsuite"):
            tests = int(suite.get("tests", 0))
            bad = int(suite.get("failures", 0)) + int(suite.get("errors", 0))
            skip = int(suite.get("skipped", 0))
            passed += tests - bad - skip
            failed += bad
            skipped += skip
    if not paths or passed == 0:
        print("tests: no JUnit report with a passing test", file=sys.stderr)
        return 1
    counts = [f"{failed} failed"] if failed else []
    counts.append(f"{passed} passed")
    counts += [f"{skipped} skipped"] if skipped else []
    h, rest = divmod(seconds, 3600)
    text = f" {', '.join(counts)} in {seconds:.2f}s ({h}:{rest // 60:02d}:{rest % 60:02d}) "
    print(f"CI: every pytest run of .ci/run ({len(paths)} JUnit reports) added up:")
    print(text.center(100, "="))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]), sys.argv[2:]))
