"""Write the committed default template (and, with --golden, the test golden file)."""

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from perfeval_xl.template import TemplateOptions, generate_template  # noqa: E402

DEFAULT_OPTIONS = TemplateOptions(unit="", year=2024, projects=("业务工作经费",))
TEMPLATE_PATH = ROOT / "workbook_templates" / "绩效自评模板-默认.xlsx"
GOLDEN_PATH = ROOT / "tests" / "golden" / "template_default.xlsx"


def main(argv=None):
    parser = argparse.ArgumentParser(description="生成默认的绩效自评模板")
    parser.add_argument("--golden", action="store_true",
                        help="同时重新生成测试用的基准文件 tests/golden/template_default.xlsx")
    arguments = parser.parse_args(argv)
    targets = [TEMPLATE_PATH] + ([GOLDEN_PATH] if arguments.golden else [])
    for path in targets:
        path.parent.mkdir(parents=True, exist_ok=True)
        generate_template(path, DEFAULT_OPTIONS)
        print(f"已生成：{path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
