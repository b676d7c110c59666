"""Family names written before the given names, shared by recognition and linking.

Its own module so that linking (and whatever loads a stored corpus) does not import the
recogniser, whose patterns take a noticeable part of the app's start to compile.
"""

# Family names written first (Chinese, Korean, Vietnamese order): "Li Zhanshu" is "Li" later.
EAST_ASIAN_SURNAMES = frozenset(
    """Li Wang Zhang Liu Chen Yang Zhao Huang Zhou Wu Xu Sun Hu Zhu Gao Lin He Guo Ma Luo Liang Song Zheng
    Xie Han Tang Feng Yu Dong Xiao Cheng Cao Yuan Deng Fu Shen Zeng Peng Lu Su Jiang Cai Jia Ding Wei Xue
    Ye Yan Pan Du Dai Xia Zhong Tian Ren Fan Fang Shi Yao Tan Liao Zou Xiong Jin Hao Kong Bai Cui Kang Mao
    Qiu Qin Gu Hou Shao Meng Long Wan Duan Lei Qian Yin Yi Qiao Lai Gong Wen Xi Kim Lee Park Choi Jung
    Kang Cho Yoon Jang Lim Nguyen Tran Le Pham Hoang Phan Vu Vo Dang Bui Do Ho Ngo Duong Ly""".split()
)
