"""The benchmark's data generator (bench/generate.py), at a tiny scale: what it writes is data the app accepts
and shows, with the counts it promises."""

import importlib.util
from pathlib import Path

import pytest

from accounts.models import CoachingLink, User
from training_log.models import SetLog, TrainingSession

spec = importlib.util.spec_from_file_location(
    "bench_generate", Path(__file__).resolve().parents[2] / "bench" / "generate.py"
)
generate_module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(generate_module)


@pytest.mark.django_db
def test_generated_athletes_have_a_year_of_training_and_their_pages_work(client, library):
    counts = generate_module.generate(0.003, log=lambda line: None)  # 3 athletes, 1 coach, the head coach
    assert counts["users"] == 5
    athlete = User.objects.get(username="bench-athlete-0")
    assert TrainingSession.objects.filter(athlete=athlete).count() == 52 * 3
    assert SetLog.objects.filter(athlete=athlete).count() == 52 * 3 * 20
    assert SetLog.objects.filter(athlete=athlete, is_warmup=True).count() == 52 * 3 * 4
    assert CoachingLink.objects.filter(coach__username="bench-head-coach").count() == 3
    client.force_login(athlete)
    latest = TrainingSession.objects.filter(athlete=athlete).first()
    for path in ("/today/", "/plan/", "/progress/", "/log/", latest.get_absolute_url()):
        assert client.get(path).status_code == 200, path
    client.force_login(User.objects.get(username="bench-head-coach"))
    page = client.get("/coach/").content.decode()
    assert "Bench Athlete 0" in page
