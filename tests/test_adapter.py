"""The Chinese adapter over Typer's built-in English. If a Typer upgrade changes the exception
classes, their attributes or their wording, these tests fail instead of users seeing English."""


import pytest

from conftest import run_in_terminal


@pytest.mark.parametrize(
    "args, expected",
    [
        (["add", "x", "--bogus"], "错误：没有选项 --bogus（bgs add --help 查看用法）"),
        (["add", "x", "--du", "3"], "错误：没有选项 --du，是不是要用 --due、--dup-ok、--kind？（bgs add --help 查看用法）"),
        (["add"], "错误：缺少参数 TITLE（bgs add --help 查看用法）"),
        (["list", "--limit", "abc"], "错误：--limit 的值无效：「abc」不是整数（bgs list --help 查看用法）"),
        (["list", "--due-before"], "错误：选项 --due-before 需要一个值（bgs --help 查看用法）"),
        (["list", "--all=yes"], "错误：选项 --all 不接受值（bgs --help 查看用法）"),
        (["list", "待办", "临时"], "错误：多余的参数：临时（bgs list --help 查看用法）"),
        (["frobnicate"], "错误：没有命令「frobnicate」（bgs --help 查看用法）"),
    ],
)
def test_usage_errors_are_chinese(bgs, args, expected):
    result = bgs(*args)
    assert result.code == 2
    assert result.stderr.strip() == expected


def test_help_is_chinese(bgs):
    result = bgs("add", "--help")
    assert result.code == 0
    for chinese in ("参数", "选项", "显示帮助并退出", "[必填]", "[默认：table]", "记下一件事"):
        assert chinese in result.stdout
    for english in ("Arguments", "Options", "Show this message", "[required]", "[default"):
        assert english not in result.stdout
    top = bgs("--help").stdout
    assert "命令" in top and "Commands" not in top and "undo" in top


def test_confirmation_without_a_terminal_refuses(bgs):
    bgs.add("一")
    result = bgs("delete", "1", input="y\n")
    assert result.code == 2
    assert "没有终端可以提问，请加 --yes" in result.stderr
    assert len(bgs.items()) == 1


def test_confirmation_in_a_terminal_asks_in_chinese(bgs):
    bgs.add("重要文件")
    env = bgs.process_env()
    code, screen = run_in_terminal(["delete", "1"], ["maybe\r", "n\r"], env)
    assert code == 0
    assert "确定删除 1 个事项：#1 重要文件？ [y/N]：" in screen
    assert "请输入 y（是）或 n（否）" in screen
    assert "未删除" in screen
    assert len(bgs.items()) == 1
    code, screen = run_in_terminal(["delete", "1"], ["是\r"], env)
    assert code == 0 and "已删除 #1" in screen
    assert bgs.items() == []
