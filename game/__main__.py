from game.cli import main

main()
