import pytest
from bs4 import BeautifulSoup


@pytest.mark.django_db
def test_the_start_page_leads_a_workshop_participant_to_the_join_page(client):
    # Given someone who has no account, on the start page
    soup = BeautifulSoup(client.get("/").text, "html.parser")
    # When they look for a way into the workshop in front of them
    link = next(a for a in soup.select("main a") if a.get_text(strip=True) == "Join a workshop")
    # Then it takes them to the page that asks for the code
    page = client.get(link["href"])
    assert page.status_code == 200 and link["href"] == "/join/"
