"""AppTests: every page run headless by Streamlit's AppTest."""
