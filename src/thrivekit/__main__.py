from thrivekit.cli import main

main()
