from bangongshi.cli import main

main()
