from jixiao.launch import run

run()
