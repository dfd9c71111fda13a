from game.engine import Game


def test_a_whole_game_runs_to_the_end(game2019: Game):
    reports = game2019.run()
    assert game2019.over
    assert len(reports) == game2019.scenario.turns or game2019.state.war
