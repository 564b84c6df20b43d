from tests import factories

def test_pages(client, auth):
    s = factories.session(days=2)
    auth.as_role("expert")
    for url in ["/", "/sessions/", "/sessions/calendar?month=2026-12", f"/sessions/{s.id}", f"/sessions/{s.id}/edit", "/trainings/", "/sessions/new", f"/trainings/{s.training_id}"]:
        r = client.get(url)
        assert r.status_code == 200, (url, r.data[:3000])
    assert len(s.half_days) == 4
