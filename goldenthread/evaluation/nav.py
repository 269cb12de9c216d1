from goldenthread.web.nav import NavItem

ITEMS = [NavItem("Evaluation", "evaluation:home", "evaluation.results", order=700)]
