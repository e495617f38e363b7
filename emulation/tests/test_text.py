from django.utils import translation

from emulation.text import clean_text, name_problem


def test_clean_text_removes_control_and_invisible_characters_and_folds_spaces():
    written = "Nguye\u0302\u0303n\u200b  Va\u0306n\x07 An\u202e\tGiáo\r\nviên\x00"

    assert clean_text(written) == "Nguyễn Văn An Giáo viên"


def test_clean_text_of_nothing_is_empty():
    assert [clean_text(None), clean_text(""), clean_text(" \x1b ")] == ["", "", ""]


def test_name_problem_accepts_vietnamese_letters_spaces_and_the_marks():
    assert name_problem("Đặng Thị Ngọc Ánh-Nguyễn O'Neil Jr.") == ""


def test_name_problem_names_a_formula_start_and_a_character_that_is_not_a_letter():
    with translation.override("en"):
        assert [name_problem("=Nguyễn Văn An"), name_problem("Nguyễn Văn 2"), name_problem("Lê <b>An</b>")] == [
            "“=Nguyễn Văn An” starts with “=”: a name starts with a letter.",
            "“Nguyễn Văn 2” holds “2”: a name has only letters, spaces and the marks . ' -",
            "“Lê <b>An</b>” holds “<”: a name has only letters, spaces and the marks . ' -",
        ]
